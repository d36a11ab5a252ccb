package io.github.asyncgraalpy.coroutine;

import io.github.asyncgraalpy.coroutine.internal.RaisedError;
import io.github.asyncgraalpy.coroutine.internal.StepSignal;
import io.github.asyncgraalpy.runtime.PythonException;
import java.util.function.Supplier;
import org.graalvm.polyglot.Value;

/**
 * A coroutine written in Java that asyncio cannot tell from an {@code async def} one: {@code asyncio.iscoroutine} is
 * true, and {@code create_task}, {@code run}, {@code gather}, {@code wait_for}, {@code TaskGroup} … accept it.
 *
 * <p>Subclasses write one {@link #step}: given the value sent in, yield to the event loop ({@link #suspend()},
 * {@link #suspendOn}) or finish ({@link #complete}). Two optional hooks: {@link #onThrow} for an exception thrown in
 * (cancellation is {@code CancelledError} thrown in; by default it is raised again) and {@link #onClose} for cleanup
 * when the coroutine is closed while suspended.
 *
 * <p>The protocol rules are CPython's: a finished or closed coroutine cannot be resumed
 * ({@code RuntimeError: cannot reuse already awaited coroutine}), a just-started one accepts only {@code None}, a
 * running one cannot be re-entered. A step that throws ends the coroutine with a Python exception:
 * {@link PyError} chooses its type, any other Java exception becomes {@code asyncgraalpy.JavaError} carrying the
 * Java class, message and stack.
 *
 * <p>The Java half of the protocol is package-private: the library's Python half reaches it through
 * {@link CoroutineSteps}, so a subclass, and a script holding one, sees only what the subclass exports. Do not give
 * subclasses Python-visible members named {@code send}, {@code throw} or {@code close}: Python's are the protocol's.
 *
 * @param <R> the type of the coroutine's result, the value of {@code await}
 */
public abstract non-sealed class JavaCoroutine<R> implements PyCoroutine {

    private enum State { CREATED, SUSPENDED, RUNNING, DONE }

    private State state = State.CREATED;
    private RaisedError error;
    private Object result;

    /**
     * Runs the coroutine to its next suspension or to its end.
     *
     * @param sent the value sent in: {@code null} ({@code None}) on the first step and on every resumption by asyncio
     * @return {@link #suspend()}, {@link #suspendOn} or {@link #complete}; never null
     */
    protected abstract IterNextOutput step(Object sent);

    /**
     * An exception thrown into the suspended coroutine ({@code coro.throw}), cancellation included. Return a step to
     * go on (suppressing it), or throw: {@code thrown} itself re-raises the original Python exception unchanged.
     */
    protected IterNextOutput onThrow(PythonException thrown) {
        throw thrown;
    }

    /** Cleanup when the coroutine is closed while suspended ({@code coro.close()}); an exception escapes from close. */
    protected void onClose() {}

    /** A bare yield, as {@code await asyncio.sleep(0)}: the event loop runs other tasks, then resumes this one. */
    protected static IterNextOutput suspend() {
        return IterNextOutput.yielding(null);
    }

    /**
     * Suspends until {@code future} (an asyncio future) is done; the task resumes this coroutine then, and the next
     * step reads {@code future.result()}. As {@code Future.__await__} does, it marks the future as awaited by a
     * yield, which asyncio's task requires.
     */
    protected static IterNextOutput suspendOn(Value future) {
        if (!future.hasMember("_asyncio_future_blocking")) {
            throw new PyError("TypeError", "suspendOn needs an asyncio future, got " + future);
        }
        future.putMember("_asyncio_future_blocking", true);
        return IterNextOutput.yielding(future);
    }

    /** Finishes with {@code result}, the value of {@code await}. */
    protected final IterNextOutput complete(R result) {
        return IterNextOutput.returning(result);
    }

    /**
     * {@code send(value)}; null means an exception is pending.
     *
     * @deprecated the protocol's Java half, which only the library's Python half calls, leaves the API: Python's
     *     {@code coroutine.send(value)} drives a coroutine; a Java caller drives one through Python as any other
     *     ({@link PythonIterator#await}). To be removed in 0.3.
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public final IterNextOutput resumeSend(Object sent) {
        return resume(sent);
    }

    /** {@code send(value)}; null means an exception is pending in {@link #takeError()}. */
    final IterNextOutput resume(Object sent) {
        switch (state) {
            case DONE:
                return failWith(RaisedError.python("RuntimeError", "cannot reuse already awaited coroutine"));
            case RUNNING:
                return failWith(RaisedError.python("ValueError", "coroutine already executing"));
            case CREATED:
                if (sent != null) {
                    return failWith(RaisedError.python("TypeError", "can't send non-None value to a just-started coroutine"));
                }
                break;
            default:
                break;
        }
        return run(() -> step(sent), null);
    }

    /**
     * {@link #resume} flattened for the hot path: the yielded value itself, or {@code DONE} (the result
     * waits in {@link #takeResult()}), or {@code FAILED}. One call from Python per step instead of three.
     */
    final Object advance(Object sent) {
        return flatten(resume(sent));
    }

    /** {@link #throwIn} flattened as {@link #advance} is. */
    final Object advanceThrow(String pythonType, String message, String traceback) {
        return flatten(throwIn(pythonType, message, traceback));
    }

    /** The result {@code DONE} announced, once. */
    final Object takeResult() {
        Object taken = result;
        result = null;
        return taken;
    }

    private Object flatten(IterNextOutput output) {
        if (output == null) {
            return StepSignal.FAILED;
        }
        if (output instanceof IterNextOutput.Return returned) {
            result = returned.value();
            return StepSignal.DONE;
        }
        return output.value();
    }

    /**
     * {@code throw(exception)}, given Python's description of it; null means an exception is pending.
     *
     * @deprecated as {@link #resumeSend}: Python's {@code coroutine.throw(exception)}. To be removed in 0.3.
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public final IterNextOutput resumeThrow(String pythonType, String message, String traceback) {
        return throwIn(pythonType, message, traceback);
    }

    /** {@code throw(exception)}, given Python's description of it; null means an exception is pending. */
    final IterNextOutput throwIn(String pythonType, String message, String traceback) {
        switch (state) {
            case RUNNING:
                return failWith(RaisedError.python("ValueError", "coroutine already executing"));
            case CREATED:
            case DONE:
                // As in CPython: nothing of the body runs; the exception comes straight back.
                state = State.DONE;
                return failWith(RaisedError.rethrowThrownIn());
            default:
                PythonException thrown = new PythonException(pythonType, message, traceback, null);
                return run(() -> onThrow(thrown), thrown);
        }
    }

    /**
     * {@code close()}; false means an exception is pending.
     *
     * @deprecated as {@link #resumeSend}: Python's {@code coroutine.close()}. To be removed in 0.3.
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public final boolean closeCoroutine() {
        return closeSuspended();
    }

    /** {@code close()}; false means an exception is pending in {@link #takeError()}. */
    final boolean closeSuspended() {
        switch (state) {
            case RUNNING:
                error = RaisedError.python("ValueError", "coroutine already executing");
                return false;
            case SUSPENDED:
                state = State.RUNNING;
                try {
                    onClose();
                    return true;
                } catch (Throwable thrown) {
                    error = RaisedError.of(thrown);
                    return false;
                } finally {
                    state = State.DONE;
                }
            default:
                state = State.DONE;
                return true;
        }
    }

    /** The exception the last resumption ended with, once. */
    final RaisedError takeError() {
        RaisedError taken = error;
        error = null;
        return taken;
    }

    private IterNextOutput failWith(RaisedError raised) {
        error = raised;
        return null;
    }

    // Errors too: a broken step must become a Python exception in its task, not take the event loop down.
    @SuppressWarnings("PMD.AvoidCatchingThrowable")
    private IterNextOutput run(Supplier<IterNextOutput> body, PythonException thrownIn) {
        state = State.RUNNING;
        try {
            IterNextOutput output = body.get();
            if (output == null) {
                state = State.DONE;
                return failWith(RaisedError.python("TypeError", getClass().getName()
                        + (thrownIn == null ? ".step()" : ".onThrow()") + " returned null; it must return an IterNextOutput"));
            }
            state = output.isReturn() ? State.DONE : State.SUSPENDED;
            return output;
        } catch (Throwable thrown) {
            state = State.DONE;
            return failWith(thrown == thrownIn ? RaisedError.rethrowThrownIn() : RaisedError.of(thrown));
        }
    }
}
