package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.coroutine.internal.RaisedError;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * A Java future's outcome on its way to the asyncio future awaiting it: posted to the loop's inbox by whichever thread
 * completed the Java future, applied by the loop's own thread. Not for user code.
 */
public final class FutureCompletion {

    private final Value pythonFuture;
    private final Object result;
    private final Throwable failure;
    /** The Python exception itself, when Python code run for the future raised it (a blocking call). */
    private final Value raised;

    FutureCompletion(Value pythonFuture, Object result, Throwable failure) {
        this.pythonFuture = pythonFuture;
        this.result = result;
        this.failure = unwrap(failure);
        this.raised = null;
    }

    private FutureCompletion(Value pythonFuture, Value raised) {
        this.pythonFuture = pythonFuture;
        this.result = null;
        this.failure = null;
        this.raised = raised;
    }

    /**
     * The outcome of Python code that a Java thread ran for {@code pythonFuture}: its result, or, when it raised, the
     * very exception it raised (as asyncio's executors hand it over), not a Java description of it.
     */
    static FutureCompletion ofPythonCall(Value pythonFuture, Object result, Throwable failure) {
        if (failure instanceof PolyglotException raisedInPython && raisedInPython.isGuestException()
                && !raisedInPython.isHostException() && raisedInPython.getGuestObject() != null) {
            return new FutureCompletion(pythonFuture, raisedInPython.getGuestObject());
        }
        return new FutureCompletion(pythonFuture, result, failure);
    }

    /**
     * Completes {@code pythonFuture}, if not null, with None on the loop that owns {@code selector}: how a Java thread
     * wakes a task that waits for it (elements arrived, demand came).
     */
    static void wake(JavaSelector selector, Value pythonFuture) {
        if (pythonFuture != null) {
            selector.post(new FutureCompletion(pythonFuture, null, null));
        }
    }

    /** CompletableFuture wraps what a stage threw in CompletionException; Python wants the cause. */
    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The asyncio future to complete. */
    @HostAccess.Export
    public Value future() {
        return pythonFuture;
    }

    /** The Java future was cancelled: the asyncio future is cancelled too ({@code CancelledError}). */
    @HostAccess.Export
    public boolean isCancelled() {
        return failure instanceof CancellationException;
    }

    @HostAccess.Export
    public Object result() {
        return result;
    }

    /**
     * How the Java future failed: the Python exception to raise as it is, or a {@link RaisedError} to raise in its
     * terms; null if it did not fail.
     */
    @HostAccess.Export
    public Object error() {
        if (raised != null) {
            return raised;
        }
        return failure == null || isCancelled() ? null : RaisedError.of(failure);
    }
}
