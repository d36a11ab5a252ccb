package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.PythonException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * A coroutine submitted to an {@code AsyncioLoopThread}, on its way to becoming a task, and the Java future of its
 * outcome. The loop's thread reports back through the exported methods. Not for user code.
 *
 * @param <T> what the future gives: the result itself, or what a conversion made of it on the loop's thread
 */
public final class Submission<T> {

    private final Value awaitable;
    private final Value context;
    private final Value namespace;
    private final String function;
    private final List<Object> arguments;
    private final Function<Value, ? extends T> conversion;
    private final CompletableFuture<T> future;
    private final Runnable onStarted;
    private volatile Value task;

    /** {@code context}: the {@code contextvars.Context} the task runs in, or null for a copy of the loop's. */
    public static Submission<Value> of(Value awaitable, Value context, CompletableFuture<Value> future) {
        return new Submission<>(awaitable, context, null, null, List.of(), Function.identity(), future, null);
    }

    private Submission(Value awaitable, Value context, Value namespace, String function, List<Object> arguments,
            Function<Value, ? extends T> conversion, CompletableFuture<T> future, Runnable onStarted) {
        this.awaitable = awaitable;
        this.context = context;
        this.namespace = namespace;
        this.function = function;
        this.arguments = arguments;
        this.conversion = conversion;
        this.future = future;
        this.onStarted = onStarted;
    }

    /**
     * A call the loop's thread makes itself: {@code namespace[function](*arguments)}, whose awaitable becomes the
     * task; its result is {@code conversion} of the task's, made on the loop's thread too. So the submitting thread
     * never enters Python (where it would wait for the GIL while the loop works), not even when the future is complete
     * before it chains on it, as a dependent added then runs on the thread that adds it. A null argument reaches
     * Python as {@code None}.
     */
    public static <T> Submission<T> ofCall(Value namespace, String function, List<?> arguments,
            Function<Value, ? extends T> conversion, CompletableFuture<T> future) {
        return ofCall(namespace, function, arguments, conversion, future, null);
    }

    /**
     * {@link #ofCall(Value, String, List, Function, CompletableFuture)}, telling {@code onStarted} (on the loop's
     * thread, null for no one) once the task runs: what a watchdog judges a loop's progress by. What it throws is not
     * the task's.
     */
    public static <T> Submission<T> ofCall(Value namespace, String function, List<?> arguments,
            Function<Value, ? extends T> conversion, CompletableFuture<T> future, Runnable onStarted) {
        // Not List.copyOf: it refuses null, and null is Python's None.
        return new Submission<>(null, null, namespace, function, Collections.unmodifiableList(new ArrayList<>(arguments)),
                conversion, future, onStarted);
    }

    /** The function's name in {@link #namespace()}, for a call; null for an awaitable. */
    @HostAccess.Export
    public String function() {
        return function;
    }

    @HostAccess.Export
    public Value namespace() {
        return namespace;
    }

    @HostAccess.Export
    public List<Object> arguments() {
        return arguments;
    }

    @HostAccess.Export
    public Value awaitable() {
        return awaitable;
    }

    /** The {@code contextvars.Context} to run the task in; None for a copy of the loop thread's own. */
    @HostAccess.Export
    public Value context() {
        return context;
    }

    /** Cancelled from Java before the loop got to it: the loop closes the coroutine instead of running it. */
    @HostAccess.Export
    public boolean isCancelled() {
        return future.isCancelled();
    }

    @HostAccess.Export
    public void started(Value task) {
        this.task = task;
        if (onStarted != null) {
            try {
                onStarted.run();
            } catch (RuntimeException listenerFailed) {
                // the listener's own trouble: the task has started all the same, and its report must still be set up
            }
        }
    }

    /** On the loop's thread: the result, converted there; a conversion that throws fails the future with that. */
    @HostAccess.Export
    public void succeeded(Value result) {
        T converted;
        try {
            converted = conversion.apply(result);
        } catch (RuntimeException notConvertible) {
            future.completeExceptionally(notConvertible);
            return;
        }
        future.complete(converted);
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

    public CompletableFuture<T> future() {
        return future;
    }
}
