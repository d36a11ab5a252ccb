package io.github.asyncgraalpy.bridge.internal;

import io.github.asyncgraalpy.runtime.OwnedResources;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * The blocking calls of one event loop ({@code loop.run_in_executor(None, ...)}, and so {@code asyncio.to_thread}): each
 * runs on a Java thread that enters the loop's context and takes the GIL, so Python threads stay denied; the outcome
 * reaches the loop through its {@link Completions}. The executor is the host's, used as it is, or one this loop starts
 * on its first call and shuts down with the loop. Not for user code.
 */
public final class BlockingCalls {

    /** Workers of an executor the loop starts itself: CPython's default {@code ThreadPoolExecutor}'s, {@code min(32, cpus + 4)}. */
    static int defaultWorkers() {
        return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    }

    private final Executor executor;
    /** The executor this loop started, shut down with it; null when the host's. */
    private final ThreadPoolExecutor started;
    private final OwnedResources.Ownership ownership;
    private final AtomicInteger unfinished = new AtomicInteger();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private volatile boolean shutdown;

    private BlockingCalls(Executor executor, ThreadPoolExecutor started, OwnedResources.Ownership ownership) {
        this.executor = executor;
        this.started = started;
        this.ownership = ownership;
    }

    /**
     * Runs {@code call} (a Python callable of no arguments) on a Java thread; its result or the exception it raised
     * goes to {@code pythonFuture} through {@code completions}.
     *
     * @throws RejectedExecutionException when this loop's executor was shut down, or the host's refused the call
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

    /** No call starts from now on; the executor this loop started finishes the calls it has and ends its threads. */
    @HostAccess.Export
    public void shutdown() {
        shutdown = true;
        if (started != null) {
            started.shutdown();
        }
        if (unfinished.get() == 0) {
            finish();
        }
    }

    /** Completes once {@link #shutdown()} was called and every call this loop started has ended. */
    @HostAccess.Export
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    /** When the context closes under running calls: their threads are interrupted, and none waits for them. */
    private void closeNow() {
        shutdown = true;
        if (started != null) {
            started.shutdownNow();
        }
        finish();
    }

    private void ended() {
        if (unfinished.decrementAndGet() == 0 && shutdown) {
            finish();
        }
    }

    private void finish() {
        if (terminated.complete(null) && ownership != null) {
            ownership.release();
        }
    }

    /** One blocking call; {@link #cancel()} (the awaiting asyncio future was cancelled) interrupts its thread while it runs. */
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
                } catch (PolyglotException | IllegalStateException e) {
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

        /** Interrupts the thread running the call (a Java call waiting interruptibly ends), or keeps it from starting. */
        @HostAccess.Export
        public synchronized void cancel() {
            cancelled = true;
            if (runner != null) {
                runner.interrupt();
            }
        }
    }

    /** Makes each event loop's {@link BlockingCalls}: on the host's executor if it gave one, else on one the loop starts. */
    public static final class Factory {

        private final Optional<Executor> hostExecutor;

        public Factory(Optional<Executor> hostExecutor) {
            this.hostExecutor = hostExecutor;
        }

        /**
         * The blocking calls of a loop of the context whose Python calls this. An executor the loop starts counts its
         * workers against the context's {@link OwnedResources} and is ended when the context closes.
         *
         * @throws IllegalStateException when the context may not run that many more Java threads, or is closing
         */
        @HostAccess.Export
        public BlockingCalls forLoop() {
            if (hostExecutor.isPresent()) {
                return new BlockingCalls(hostExecutor.get(), null, null);
            }
            int workers = defaultWorkers();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(workers, workers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    WorkerThreads.FACTORY);
            pool.allowCoreThreadTimeOut(true);
            BlockingCalls[] made = new BlockingCalls[1];
            Optional<PythonContext> context = PythonContext.calling();
            OwnedResources.Ownership ownership = context.isPresent()
                    ? context.get().owned().own("the event loop's blocking calls", workers, () -> made[0].closeNow())
                    : null;
            made[0] = new BlockingCalls(pool, pool, ownership);
            return made[0];
        }
    }

    /**
     * The threads of an executor a loop starts: virtual threads where the JDK has them (21 and later), else daemon
     * platform threads. Either way they are few (see {@link #defaultWorkers()}): each holds a Python thread state.
     */
    static final class WorkerThreads {

        static final ThreadFactory FACTORY = virtualThreads().orElseGet(WorkerThreads::platformThreads);

        private WorkerThreads() {}

        /** Found by name: the library compiles for Java 17, which has no virtual threads. */
        private static Optional<ThreadFactory> virtualThreads() {
            if (Boolean.getBoolean("asyncgraalpy.blockingCalls.platformThreads")) {
                return Optional.empty();
            }
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> builderType = Class.forName("java.lang.Thread$Builder$OfVirtual");
                MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(builderType));
                MethodHandle name = lookup.findVirtual(builderType, "name", MethodType.methodType(builderType, String.class, long.class));
                MethodHandle factory = lookup.findVirtual(builderType, "factory", MethodType.methodType(ThreadFactory.class));
                Object builder = name.invoke(ofVirtual.invoke(), "asyncgraalpy blocking call ", 1L);
                return Optional.of((ThreadFactory) factory.invoke(builder));
            } catch (Throwable notAvailable) {
                return Optional.empty();
            }
        }

        private static ThreadFactory platformThreads() {
            AtomicInteger count = new AtomicInteger();
            return task -> {
                Thread thread = new Thread(task, "asyncgraalpy blocking call " + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
