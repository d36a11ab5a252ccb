package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.OwnedResources;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * The blocking calls of one event loop ({@code loop.run_in_executor(None, ...)}, and so {@code asyncio.to_thread}): each
 * runs on a Java thread that enters the loop's context and takes the GIL, so Python threads stay denied; the outcome
 * reaches the loop through its {@link Completions}. The threads are the host's executor's, used as they are, or those
 * of one executor per context that the first call starts and the context's close ends. Not for user code.
 */
public final class BlockingCalls {

    /** Threads of the executor a context starts: CPython's default {@code ThreadPoolExecutor}'s, {@code min(32, cpus + 4)}. */
    static int defaultWorkers() {
        return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    }

    private final Executor executor;
    private final AtomicInteger unfinished = new AtomicInteger();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile boolean shutdown;

    private BlockingCalls(Executor executor) {
        this.executor = executor;
    }

    /**
     * Runs {@code call} (a Python callable of no arguments) on a Java thread; its result or the exception it raised
     * goes to {@code pythonFuture} through {@code completions}.
     *
     * @throws RejectedExecutionException when this loop's calls were shut down, or the executor refused the call
     */
    @HostAccess.Export
    public Call start(Value call, Value pythonFuture, Completions completions) {
        if (shutdown) {
            throw new RejectedExecutionException("the event loop's executor has been shut down");
        }
        Call running = new Call(call, pythonFuture, completions);
        unfinished.incrementAndGet();
        try {
            executor.execute(running);
        } catch (RuntimeException refused) {
            ended();
            throw refused instanceof RejectedExecutionException ? refused
                    : new RejectedExecutionException("the executor refused the call: " + refused, refused);
        }
        return running;
    }

    /** No call of this loop starts from now on; those running finish. */
    @HostAccess.Export
    public void shutdown() {
        shutdown = true;
        if (unfinished.get() == 0) {
            terminated.complete(null);
        }
    }

    /** Completes once {@link #shutdown()} was called and every call this loop started has ended. */
    @HostAccess.Export
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    private void ended() {
        if (unfinished.decrementAndGet() == 0 && shutdown) {
            terminated.complete(null);
        }
    }

    /**
     * One blocking call; {@link #cancel()} (the awaiting asyncio future was cancelled) keeps it from starting, or
     * interrupts its thread while it runs: a Java call waiting interruptibly ends, Python code (and GraalPy's
     * {@code time.sleep}) runs on, as a running call does on CPython.
     */
    public final class Call implements Runnable {

        private final Value call;
        private final Value pythonFuture;
        private final Completions completions;
        private Thread runner;
        private boolean cancelled;

        private Call(Value call, Value pythonFuture, Completions completions) {
            this.call = call;
            this.pythonFuture = pythonFuture;
            this.completions = completions;
        }

        @Override
        public void run() {
            try {
                synchronized (this) {
                    if (cancelled) {
                        return; // nothing awaits it any more: it never runs
                    }
                    runner = Thread.currentThread();
                }
                Object result = null;
                Throwable failure = null;
                try {
                    result = call.execute();
                } catch (RuntimeException | Error e) { // whatever it is, the awaiting future hears of it
                    failure = e;
                } finally {
                    synchronized (this) {
                        runner = null;
                    }
                    // An interrupt meant for this call must not reach the next task of a pooled thread.
                    Thread.interrupted();
                }
                completions.add(FutureCompletion.ofPythonCall(pythonFuture, result, failure));
            } finally {
                ended();
            }
        }

        @HostAccess.Export
        public synchronized void cancel() {
            cancelled = true;
            if (runner != null) {
                runner.interrupt();
            }
        }
    }

    /**
     * A context's blocking calls: each loop's {@link BlockingCalls} on the host's executor if it gave one, else on one
     * executor per context, started by the first call, its threads counted against the context's
     * {@link OwnedResources} once and ended when the context closes (or interrupted when a close is refused because a
     * call still runs).
     */
    public static final class Factory {

        private final Optional<Executor> hostExecutor;
        private ThreadPoolExecutor contextExecutor;

        public Factory(Optional<Executor> hostExecutor) {
            this.hostExecutor = hostExecutor;
        }

        /**
         * The blocking calls of a loop of the context whose Python calls this; however often a script asks, they share
         * one executor.
         *
         * @throws IllegalStateException when the context may not run that many more Java threads, or is closing
         */
        @HostAccess.Export
        public synchronized BlockingCalls forLoop() {
            if (hostExecutor.isPresent()) {
                return new BlockingCalls(hostExecutor.get());
            }
            if (contextExecutor == null || contextExecutor.isShutdown()) {
                int workers = defaultWorkers();
                ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                        WORKER_THREADS);
                pool.allowCoreThreadTimeOut(true);
                PythonContext.calling().ifPresent(context -> context.owned().own("the event loops' blocking calls", workers, pool::shutdownNow));
                contextExecutor = pool;
            }
            return new BlockingCalls(contextExecutor);
        }

        /**
         * Platform daemon threads. Not virtual threads: a call that computes in Python never blocks, so a virtual
         * thread running it would keep its carrier, and a few such calls (one per context, with a context per core)
         * would take every carrier the JVM has from the host's own virtual threads.
         */
        private static final ThreadFactory WORKER_THREADS = new ThreadFactory() {
            private final AtomicInteger count = new AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
                Thread thread = new Thread(task, "asyncgraalpy blocking call " + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }
        };
    }
}
