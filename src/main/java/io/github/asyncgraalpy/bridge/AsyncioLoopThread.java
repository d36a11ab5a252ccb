package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.bridge.internal.LoopPing;
import io.github.asyncgraalpy.bridge.internal.StopLoop;
import io.github.asyncgraalpy.bridge.internal.Submission;
import io.github.asyncgraalpy.bridge.internal.TaskCancellation;
import io.github.asyncgraalpy.runtime.internal.Plumbing;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.HostAccess;
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
 *   <li>{@link #close()} cancels and awaits the pending tasks, closes the loop and ends the thread; {@code submit}
 *       after that fails at once.
 * </ul>
 */
public final class AsyncioLoopThread implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final PythonContext python;
    private final Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final Set<Submission> pending = ConcurrentHashMap.newKeySet();
    private volatile JavaSelector selector;
    private volatile boolean closing;

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
        return submit(new Submission(awaitable, context, future));
    }

    /** A call the loop's thread makes ({@link Submission#ofCall}: {@code namespace[function](*arguments)}); its awaitable becomes the task. */
    CompletableFuture<Value> submitCall(Submission call) {
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

    private CompletableFuture<Value> submit(Submission submission) {
        CompletableFuture<Value> future = submission.future();
        if (closing) {
            throw new IllegalStateException("this AsyncioLoopThread is closed: submit before close()");
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
     * Cancels the pending tasks and waits for them (their futures complete), closes the loop, ends the thread.
     * Idempotent. If the loop's thread already died (an exception or {@code Error} escaped the loop), its pending
     * futures were completed with that failure, {@link #failure()} tells it, and close only waits for the thread.
     */
    @Override
    public void close() {
        if (!closing) {
            closing = true;
            selector.post(new StopLoop());
        }
        try {
            finished.handle((ok, failure) -> null).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            thread.join(TimeUnit.SECONDS.toMillis(START_TIMEOUT.toSeconds()));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the asyncio loop thread did not stop within " + START_TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failPending(new CancellationException("the asyncio loop thread closed"));
        }
    }

    /** What killed the loop's thread, if something did; empty while it runs and after a clean close. */
    public java.util.Optional<Throwable> failure() {
        return finished.isCompletedExceptionally()
                ? java.util.Optional.of(finished.handle((ok, failure) -> failure).join())
                : java.util.Optional.empty();
    }

    private void runLoop() {
        try {
            python.call(python.loopThreadFunction(), new Ready());
            finished.complete(null);
        } catch (RuntimeException | Error e) {
            finished.completeExceptionally(e);
            failPending(e);
        } finally {
            ready.countDown();
        }
    }

    private void failPending(Throwable cause) {
        for (Submission submission : pending) {
            if (cause instanceof CancellationException) {
                submission.future().cancel(false);
            } else {
                submission.future().completeExceptionally(cause);
            }
        }
        pending.clear();
    }

    /** Called by the loop's thread once its loop runs. */
    @Plumbing
    public final class Ready {
        @HostAccess.Export
        public void loopRunning(JavaSelector loopSelector) {
            selector = loopSelector;
            ready.countDown();
        }
    }
}
