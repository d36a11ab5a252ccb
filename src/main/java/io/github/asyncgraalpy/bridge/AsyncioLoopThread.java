package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.bridge.internal.LoopPing;
import io.github.asyncgraalpy.bridge.internal.LoopThreadEvents;
import io.github.asyncgraalpy.bridge.internal.StopLoop;
import io.github.asyncgraalpy.bridge.internal.Submission;
import io.github.asyncgraalpy.bridge.internal.TaskCancellation;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.graalvm.polyglot.Value;

/**
 * Python coroutines as Java futures: an asyncio event loop running on a Java thread of its own, to which any Java
 * thread {@link #submit submits} a coroutine and gets a {@link CompletableFuture} of its result.
 *
 * <ul>
 *   <li>A Python exception completes the future exceptionally with a {@link PythonException} (type, message,
 *       traceback); a task cancelled in Python completes it with {@link CancellationException}.
 *   <li>Cancelling the future cancels the task ({@code CancelledError} is thrown into the coroutine).
 *   <li>Submissions go through the loop's Java inbox: the submitting thread never waits for the loop.
 *   <li>{@link #close()} cancels and awaits the pending tasks, for a bounded time ({@link #DEFAULT_CLOSE_LIMIT}, or
 *       {@link #close(Duration)}), closes the loop and ends the thread; {@code submit} after that fails at once. It
 *       refuses to run on the loop's own thread (from a task or callback), where it would wait for itself.
 *   <li>Python that stops the loop itself ({@code asyncio.get_running_loop().stop()} in a task) ends the thread as a
 *       close would, but the unfinished submissions' futures fail with {@link IllegalStateException} saying so, and
 *       {@link #failure()} tells it.
 * </ul>
 */
public final class AsyncioLoopThread implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** How long {@link #close()} lets the cancelled tasks take to end. */
    public static final Duration DEFAULT_CLOSE_LIMIT = Duration.ofSeconds(5);

    /**
     * The least time close gives the loop to close once its tasks had their limit, before cancelling the context: a
     * context's first close runs code for the first time, which a loaded machine makes slow.
     */
    private static final Duration MIN_LOOP_CLOSING = Duration.ofSeconds(2);

    private final PythonContext python;
    private final Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final Set<Submission<?>> pending = ConcurrentHashMap.newKeySet();
    private volatile JavaSelector selector;
    private volatile boolean closing;
    /** The close limit the loop's thread reads once its loop stopped: how long the cancelled tasks may take. */
    private volatile Duration closeLimit = DEFAULT_CLOSE_LIMIT;
    /** Set when Python stopped the loop before close(): why the submissions did not finish. */
    private volatile IllegalStateException stoppedByPython;

    private AsyncioLoopThread(PythonContext python, String name) {
        this.python = python;
        this.thread = new Thread(this::runLoop, name);
        this.thread.setDaemon(true);
    }

    /** Starts a loop thread in {@code python} and returns once its loop runs. */
    public static AsyncioLoopThread start(PythonContext python) {
        return start(python, "asyncio loop");
    }

    static AsyncioLoopThread start(PythonContext python, String threadName) {
        AsyncioLoopThread loopThread = new AsyncioLoopThread(Objects.requireNonNull(python, "python"), threadName);
        loopThread.thread.start();
        try {
            if (!loopThread.ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the asyncio loop thread did not start within " + START_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the asyncio loop thread", e);
        }
        if (loopThread.selector == null) {
            throw new IllegalStateException("the asyncio loop thread failed to start", loopThread.finished.handle((ok, failure) -> failure).join());
        }
        return loopThread;
    }

    /**
     * Runs {@code coroutine} to completion on a fresh event loop in the calling thread ({@code asyncio.run}) and
     * returns its value: the tutorial's {@code await_foo} for coroutines that really wait on futures.
     *
     * @throws PythonException when the coroutine raises
     */
    public static Value runToCompletion(PythonContext python, Value coroutine) {
        return python.call(python.eval("__import__('asyncio').run"), coroutine);
    }

    /**
     * Schedules {@code awaitable} (a coroutine, or anything {@code asyncio.ensure_future} accepts) as a task of this
     * loop. From any thread.
     *
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public CompletableFuture<Value> submit(Value awaitable) {
        return submit(awaitable, null);
    }

    /**
     * {@link #submit(Value)}, the task running in {@code context}, a {@code contextvars.Context} of this loop's Python
     * ({@code contextvars.copy_context()}, or one a previous task left its values in): what the coroutine sets there
     * stays there for the next submission given the same context, as {@code asyncio.create_task(coro, context=...)}
     * does. Null: a fresh copy of the loop thread's context, as {@code create_task} makes by default. Anything else
     * fails the future with Python's {@code TypeError}.
     *
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public CompletableFuture<Value> submit(Value awaitable, Value context) {
        Objects.requireNonNull(awaitable, "awaitable");
        CompletableFuture<Value> future = new CompletableFuture<>();
        return submit(Submission.of(awaitable, context, future));
    }

    /** {@code namespace[function](*arguments)}, called on the loop's thread; its awaitable becomes the task. */
    CompletableFuture<Value> submitCall(Value namespace, String function, List<Object> arguments) {
        return submitCall(namespace, function, arguments, Function.identity());
    }

    /**
     * {@link #submitCall(Value, String, List)}, the task's result converted by {@code conversion} on the loop's thread,
     * while its context lives: whoever chains on the future, on whichever thread and however late, gets a Java value
     * and never enters Python. A conversion that throws fails the future with what it threw.
     */
    <T> CompletableFuture<T> submitCall(Value namespace, String function, List<Object> arguments,
            Function<Value, ? extends T> conversion) {
        return submit(Submission.ofCall(namespace, function, arguments, conversion, new CompletableFuture<>()));
    }

    /**
     * A call the loop's thread makes ({@link Submission#ofCall}: {@code namespace[function](*arguments)}, its result
     * converted there); its awaitable becomes the task.
     */
    <T> CompletableFuture<T> submitCall(Submission<T> call) {
        return submit(call);
    }

    /**
     * Completes once the loop's thread next goes through its inbox: at once for a loop that waits or awaits, never
     * for one blocked in Python code (a watchdog's question). Fails if the loop closes first.
     */
    public CompletableFuture<Void> ping() {
        LoopPing ping = new LoopPing();
        if (closing || !selector.post(ping)) {
            ping.dropped();
        }
        return ping.answered();
    }

    private <T> CompletableFuture<T> submit(Submission<T> submission) {
        CompletableFuture<T> future = submission.future();
        if (closing) {
            IllegalStateException stopped = stoppedByPython;
            throw stopped != null ? new IllegalStateException(stopped.getMessage(), stopped)
                    : new IllegalStateException("this AsyncioLoopThread is closed: submit before close()");
        }
        pending.add(submission);
        future.whenComplete((result, failure) -> {
            pending.remove(submission);
            if (future.isCancelled() && submission.task() != null) {
                selector.post(new TaskCancellation(submission.task()));
            }
        });
        if (!selector.post(submission)) {
            future.completeExceptionally(new IllegalStateException("the asyncio loop has closed"));
        }
        return future;
    }

    /** The loop's Java half: where PythonPublisher posts its subscriptions. */
    JavaSelector selector() {
        return selector;
    }

    /** How many submitted coroutines have not finished yet. */
    public int pendingCount() {
        return pending.size();
    }

    /** How many submitted coroutines run as tasks now: started, not finished. */
    public int runningCount() {
        return (int) pending.stream().filter(submission -> submission.task() != null).count();
    }

    /** True while the loop's thread runs. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /**
     * {@link #close(Duration)} with {@link #DEFAULT_CLOSE_LIMIT}: cancels the pending tasks and waits up to 5 s for them
     * to end (their futures complete), closes the loop, ends the thread. Idempotent. If the loop's thread already died
     * (an exception or {@code Error} escaped the loop), its pending futures were completed with that failure,
     * {@link #failure()} tells it, and close only waits for the thread.
     *
     * @throws IllegalStateException on the loop's own thread (a task or callback of this loop, or Java code it calls),
     *     where it would wait for itself; nothing changes then. See {@link #close(Duration)} for the other cases.
     */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_LIMIT);
    }

    /**
     * Cancels the pending tasks and gives them up to {@code limit} to end, closes the loop and ends the thread; every
     * pending future completes (cancelled). Idempotent; the limit of the first call holds.
     *
     * <ul>
     *   <li>A task still running after {@code limit} (one that swallows {@code CancelledError}) is abandoned: its
     *       coroutine never runs again, and the loop closes without it; its future ends cancelled, as the others.
     *   <li>If the loop's thread has not ended {@code limit} later again (at least 2 s), Python on it never
     *       yields (a task that keeps computing, a blocking call on the loop's thread): the context is then
     *       {@link PythonContext#cancel() cancelled}, which ends it, and close throws {@link IllegalStateException}
     *       saying so. The context is then closed; {@code PythonContext.close()} does nothing.
     * </ul>
     *
     * So close ends within {@code limit + max(limit, 2 s)}, and, when it has to cancel the context, at most as long
     * again (the loop's thread may then be held in a Java call that ignores cancellation).
     *
     * @throws IllegalStateException on the loop's own thread, where it would wait for itself (nothing changes then:
     *     close from another thread); or when the context had to be cancelled
     * @throws IllegalArgumentException for a negative limit
     */
    public void close(Duration limit) {
        close(limit, MIN_LOOP_CLOSING);
    }

    /** {@link #close(Duration)}, giving the loop at least {@code leastLoopClosing} to close after the limit: for tests. */
    void close(Duration limit, Duration leastLoopClosing) {
        Objects.requireNonNull(limit, "limit");
        if (limit.isNegative()) {
            throw new IllegalArgumentException("the close limit must not be negative, was " + limit);
        }
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("AsyncioLoopThread.close() was called on the loop's own thread (from one of its"
                    + " tasks or callbacks), where it would wait for itself: close it from another thread");
        }
        synchronized (this) {
            if (!closing) {
                closeLimit = limit;
                closing = true;
                selector.post(new StopLoop());
            }
        }
        Duration effective = closeLimit;
        long loopClosing = Math.max(effective.toNanos(), leastLoopClosing.toNanos());
        try {
            if (awaitEnd(saturatedSum(effective.toNanos(), loopClosing))) {
                return;
            }
            // Python on the loop's thread has not yielded for the whole time: only cancelling the context ends it.
            failPending(new CancellationException("the asyncio loop thread closed"));
            boolean ended = cancelContext(loopClosing);
            throw new IllegalStateException("the asyncio loop did not close within " + (effective.toMillis() + loopClosing / 1_000_000)
                    + " ms: Python on its thread did not yield, so its context was cancelled"
                    + (ended ? "" : "; the loop's thread had not ended " + loopClosing / 1_000_000 + " ms later"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failPending(new CancellationException("the asyncio loop thread closed"));
        }
    }

    /** True once the loop's thread has ended, within {@code nanos}. */
    private boolean awaitEnd(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        try {
            finished.handle((ok, failure) -> null).get(nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
            return false;
        } catch (java.util.concurrent.ExecutionException cannotHappen) { // handle() never fails
            return false;
        }
        thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        return !thread.isAlive();
    }

    /**
     * Cancels the context on a thread of its own, as cancelling waits for the loop's thread, which a Java call may hold:
     * true if the loop's thread ended within {@code nanos}.
     */
    private boolean cancelContext(long nanos) throws InterruptedException {
        Thread canceller = new Thread(python::cancelQuietly, thread.getName() + ": cancelling its context");
        canceller.setDaemon(true);
        canceller.start();
        return awaitEnd(nanos);
    }

    private static long saturatedSum(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** What killed the loop's thread, if something did; empty while it runs and after a clean close. */
    public java.util.Optional<Throwable> failure() {
        return finished.isCompletedExceptionally()
                ? java.util.Optional.of(finished.handle((ok, failure) -> failure).join())
                : java.util.Optional.empty();
    }

    private void runLoop() {
        try {
            python.call(python.loopThreadFunction(), new LoopThreadEvents(this::loopRunning, this::loopStopped));
            IllegalStateException stopped = stoppedByPython;
            if (stopped != null) {
                finished.completeExceptionally(stopped);
            } else {
                finished.complete(null);
            }
        } catch (org.graalvm.polyglot.PolyglotException cancelled) {
            if (closing && cancelled.isCancelled()) {
                // close() cancelled the context: it has said why, and completed the futures itself.
                finished.completeExceptionally(new IllegalStateException("the context was cancelled as the loop did not"
                        + " close in time", cancelled));
            } else {
                finished.completeExceptionally(cancelled);
                failPending(cancelled);
            }
        } catch (RuntimeException | Error e) {
            finished.completeExceptionally(e);
            failPending(e);
        } finally {
            ready.countDown();
        }
    }

    private void failPending(Throwable cause) {
        for (Submission<?> submission : pending) {
            if (cause instanceof CancellationException) {
                submission.future().cancel(false);
            } else {
                submission.future().completeExceptionally(cause);
            }
        }
        pending.clear();
    }

    /** The loop runs: its Java half is where submissions go from now on. */
    private void loopRunning(JavaSelector loopSelector) {
        selector = loopSelector;
        ready.countDown();
    }

    /**
     * The loop has stopped, before its tasks are cancelled: the seconds they get to end. A stop that close() did not
     * ask for (Python's {@code loop.stop()}) fails the unfinished submissions now, with an IllegalStateException rather
     * than the cancellation that follows, and refuses new ones.
     */
    private double loopStopped() {
        synchronized (this) {
            if (!closing) {
                stoppedByPython = new IllegalStateException("the asyncio loop was stopped by Python code (loop.stop())"
                        + " before AsyncioLoopThread.close(): its unfinished submissions did not finish");
                closing = true;
            }
        }
        if (stoppedByPython != null) {
            failPending(stoppedByPython);
        }
        return closeLimit.toNanos() / 1e9;
    }
}
