package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.bridge.internal.PlainJavaCopies;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.graalvm.polyglot.Value;

/**
 * The front door: Python's asyncio in one object, for Java. A sandboxed context with an event loop running on a Java
 * thread of its own; {@link #run} gives it Python code, {@link #toFuture} calls one of that code's {@code async def}s
 * and hands back a {@link CompletableFuture} of its result.
 *
 * <pre>{@code
 * try (AsyncPython python = AsyncPython.start()) {
 *     python.run("""
 *             async def twice(future):
 *                 return 2 * await future
 *             """);
 *     CompletableFuture<Integer> answer = python.toFuture(Integer.class, "twice", CompletableFuture.supplyAsync(() -> 21));
 *     answer.get(); // 42
 * }
 * }</pre>
 *
 * <p>The other direction needs no call: any {@link java.util.concurrent.CompletionStage} given to Python, as an
 * argument or a result of a Java call, is awaitable there, cancellation included both ways.
 *
 * <p>What it handles for you:
 * <ul>
 *   <li><b>Lifetimes.</b> It owns its context and its loop and closes them in the order that works: the loop first
 *       (its pending tasks are cancelled, their futures end cancelled), then the context.
 *   <li><b>Results outlive the context.</b> Each result is converted on the loop's thread while the context lives, as
 *       {@link AsyncioLoopPool}'s are: {@code Object}, {@code List} and {@code Map} become plain Java copies (strings,
 *       numbers, booleans, lists, maps, Java objects), any other type is {@link Value#as(Class)}'s. A result that has no
 *       such value fails its future with a {@link ClassCastException} or an {@link IllegalArgumentException} that
 *       says why.
 *   <li><b>Threads.</b> {@link #run} and {@link #toFuture} may be called from any thread; the caller of
 *       {@code toFuture} never enters Python, so it never waits for the loop.
 * </ul>
 *
 * <p>Python's exceptions arrive as {@link PythonException} (in the future for a coroutine's, thrown by {@link #run}
 * for the code's own); cancelling the future cancels the task. For more than one context, see
 * {@link AsyncioLoopPool}; for the parts themselves, {@link #context()} and {@link #loop()}.
 */
public final class AsyncPython implements AutoCloseable {

    private final PythonContext python;
    private final AsyncioLoopThread loop;
    /** The context's {@code __main__} globals: where {@link #run} defines and {@link #toFuture} looks up. */
    private final Value globals;
    private volatile boolean closed;

    private AsyncPython(PythonContext python, AsyncioLoopThread loop, Value globals) {
        this.python = python;
        this.loop = loop;
        this.globals = globals;
    }

    /** A fresh context of the {@link GraalPyRuntime#shared() shared runtime}, its event loop running. */
    public static AsyncPython start() {
        return start(GraalPyRuntime.shared());
    }

    /**
     * A fresh context of {@code runtime}, its event loop running: the runtime decides what Python may look up, its
     * grants and where it prints ({@link GraalPyRuntime#builder()}). The runtime must outlive what this returns.
     */
    public static AsyncPython start(GraalPyRuntime runtime) {
        PythonContext python = Objects.requireNonNull(runtime, "runtime").newContext();
        try {
            Value globals = python.eval("globals()");
            return new AsyncPython(python, AsyncioLoopThread.start(python), globals);
        } catch (RuntimeException | Error failed) {
            python.cancelQuietly();
            throw failed;
        }
    }

    /**
     * Runs Python code in this context's {@code __main__}, on the calling thread: what it defines (functions, classes,
     * variables) stays there for later code and for {@link #toFuture}. Code run earlier is not run again.
     *
     * @return this, to chain
     * @throws PythonException when the code raises or does not compile; what it defined before raising stays
     * @throws IllegalStateException once closed
     */
    public AsyncPython run(String pythonCode) {
        Objects.requireNonNull(pythonCode, "pythonCode");
        checkOpen();
        python.eval(pythonCode);
        python.flush();
        return this;
    }

    /**
     * Calls {@code function(*arguments)} (defined by code {@link #run} gave) on the loop's thread and runs the
     * awaitable it returns (a coroutine, a future, a task) as a task of the loop: the returned future completes with
     * its result converted to {@code resultType}.
     *
     * @param resultType what the result becomes: {@code Object.class} for strings, numbers, booleans and plain copies
     *     of lists and dicts; {@code Integer.class}, {@code String.class}, a Java class of yours, … for
     *     {@link Value#as(Class)}'s conversion
     * @param arguments passed as they are, Java objects included; a {@link java.util.concurrent.CompletionStage} is
     *     awaitable in Python; null is {@code None}
     * @return completes with the result; exceptionally with {@link PythonException} when the coroutine raises (a
     *     {@code NameError} when there is no such function), with {@link CancellationException} when the task was
     *     cancelled in Python or the loop closed before it finished. Cancelling it cancels the task.
     * @throws IllegalStateException once closed
     */
    public <T> CompletableFuture<T> toFuture(Class<T> resultType, String function, Object... arguments) {
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(function, "function");
        checkOpen();
        // A null array is one None argument, as a varargs call with a single null means in Python's terms.
        Object[] given = arguments == null ? new Object[] {null} : arguments;
        return loop.submitCall(globals, function, Arrays.asList(given), result -> PlainJavaCopies.detached(result, resultType));
    }

    /** The context this runs in, for what the front door does not cover ({@link PythonContext#javaType}, …). */
    public PythonContext context() {
        return python;
    }

    /** The loop the coroutines run on, for submitting awaitables made elsewhere ({@link AsyncioLoopThread#submit}). */
    public AsyncioLoopThread loop() {
        return loop;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this AsyncPython is closed");
        }
    }

    /**
     * Closes the loop (pending tasks are cancelled and given {@link AsyncioLoopThread#DEFAULT_CLOSE_LIMIT} to end;
     * their futures end cancelled), then the context, flushing what Python printed. Idempotent.
     *
     * @throws IllegalStateException on the loop's own thread (from one of its tasks), where it would wait for itself;
     *     nothing changes then
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            loop.close();
        } catch (IllegalStateException onOwnThread) {
            if (loop.isRunning()) {
                throw onOwnThread;
            }
            // the loop had to be cancelled, and its context with it: closing that context does nothing, as it should
        } finally {
            if (!loop.isRunning()) {
                closed = true;
                python.close();
            }
        }
    }
}
