package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.PythonException;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A coroutine submitted to an {@code AsyncioLoopThread}, on its way to becoming a task, and the Java future of its
 * outcome. The loop's thread reports back through the exported methods. Not for user code.
 */
public final class Submission {

    private final Value awaitable;
    private final CompletableFuture<Value> future;
    private volatile Value task;

    public Submission(Value awaitable, CompletableFuture<Value> future) {
        this.awaitable = awaitable;
        this.future = future;
    }

    @HostAccess.Export
    public Value awaitable() {
        return awaitable;
    }

    /** Cancelled from Java before the loop got to it: the loop closes the coroutine instead of running it. */
    @HostAccess.Export
    public boolean isCancelled() {
        return future.isCancelled();
    }

    @HostAccess.Export
    public void started(Value task) {
        this.task = task;
    }

    @HostAccess.Export
    public void succeeded(Value result) {
        future.complete(result);
    }

    @HostAccess.Export
    public void failed(String pythonType, String message, String traceback) {
        future.completeExceptionally(new PythonException(pythonType, message, traceback, null));
    }

    /** The task was cancelled in Python: the Java future ends with CancellationException. */
    @HostAccess.Export
    public void cancelled() {
        future.cancel(false);
    }

    public Value task() {
        return task;
    }

    public CompletableFuture<Value> future() {
        return future;
    }
}
