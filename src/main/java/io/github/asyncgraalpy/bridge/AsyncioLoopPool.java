package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.Value;

/**
 * Asyncio loops in several contexts, one loop thread each: as many GILs as contexts, so Python work of different
 * submissions runs on as many cores. Every context runs the same setup script; {@link #submit} calls one of its
 * {@code async def}s in the least loaded context, or in the context a key picks, and returns a Java future of the
 * result.
 *
 * <ul>
 *   <li><b>Isolation.</b> Contexts share the engine (its compiled code), nothing else: what one submission leaves in
 *       its context's globals the next one there sees, the others do not. Key related work to keep it together.
 *   <li><b>A context that dies is replaced.</b> A watchdog asks every loop to answer every {@code responseLimit / 4};
 *       a loop that has not answered within {@code responseLimit} (Python code that never yields, a blocking call made
 *       on the loop's thread), or whose thread ended, has its context cancelled and rebuilt. Its unfinished
 *       submissions fail with an {@link IllegalStateException} that says so; none is silently lost or run twice.
 *   <li><b>Results are Java values.</b> Each is converted with {@code Value.as(type)} on the loop's thread, while
 *       its context lives: a {@link Value} would die with a replaced context.
 *   <li><b>Close</b> drains: no new submission, those queued and running finish (up to the drain timeout), then
 *       every loop and context closes. {@link #closeNow()} cancels what is unfinished instead.
 * </ul>
 */
public final class AsyncioLoopPool implements AutoCloseable {

    /** What a service watches per context. */
    public record LoopStatistics(int index, int queued, int running, long completed, long failed, int replacements) {}

    private final GraalPyRuntime runtime;
    private final String setupScript;
    private final Duration responseLimit;
    private final Duration drainTimeout;
    private final OutputStream out;
    private final OutputStream err;
    private final List<Slot> slots = new ArrayList<>();
    private final Thread watchdog;
    private volatile boolean closing;

    private AsyncioLoopPool(Builder builder) {
        this.runtime = builder.runtime;
        this.setupScript = builder.setupScript;
        this.responseLimit = builder.responseLimit;
        this.drainTimeout = builder.drainTimeout;
        this.out = builder.out;
        this.err = builder.err;
        try {
            for (int i = 0; i < builder.contexts; i++) {
                Slot slot = new Slot(i);
                slots.add(slot);
                slot.current = CompletableFuture.completedFuture(start(i));
            }
        } catch (RuntimeException e) {
            closeNow();
            throw e;
        }
        this.watchdog = new Thread(this::watch, "asyncio loop pool watchdog");
        this.watchdog.setDaemon(true);
        this.watchdog.start();
    }

    /** A pool of loops in contexts of {@code runtime}; the runtime must outlive the pool. */
    public static Builder builder(GraalPyRuntime runtime) {
        return new Builder(runtime);
    }

    /**
     * Calls {@code function(*arguments)} of the setup script in the context with the fewest unfinished submissions, and
     * runs the awaitable it returns as a task of that context's loop. From any thread; the calling thread never
     * enters Python.
     *
     * @param resultType what {@code Value.as} converts the result to ({@code Object.class}: strings, numbers, lists
     *     and maps as Java sees them)
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public <T> CompletableFuture<T> submit(Class<T> resultType, String function, Object... arguments) {
        return submitTo(leastLoaded(), resultType, function, arguments);
    }

    /**
     * {@link #submit(Class, String, Object...)} in the context {@code key} picks: the same key, the same context (the
     * same slot, after a replacement), so related work shares its globals and caches.
     */
    public <T> CompletableFuture<T> submitKeyed(Object key, Class<T> resultType, String function, Object... arguments) {
        return submitTo(slots.get(Math.floorMod(Objects.hashCode(key), slots.size())), resultType, function, arguments);
    }

    /** The number of contexts. */
    public int size() {
        return slots.size();
    }

    /** Per context: submissions queued (not started yet) and running, completed and failed ones, replacements so far. */
    public List<LoopStatistics> statistics() {
        return slots.stream().map(Slot::statistics).toList();
    }

    /** The slot with the fewest unfinished submissions, passing over those being replaced while another is there. */
    private Slot leastLoaded() {
        Slot best = null;
        for (Slot slot : slots) {
            if (best == null || slot.rank() < best.rank()) {
                best = slot;
            }
        }
        return best;
    }

    private <T> CompletableFuture<T> submitTo(Slot slot, Class<T> resultType, String function, Object... arguments) {
        Objects.requireNonNull(resultType, "resultType");
        Objects.requireNonNull(function, "function");
        if (closing) {
            throw new IllegalStateException("this AsyncioLoopPool is closed: submit before close()");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        slot.track(result);
        // At once into a live context; into its replacement once that runs, if it is being replaced.
        slot.current.whenComplete((running, notRebuilt) -> {
            if (notRebuilt != null) {
                result.completeExceptionally(new IllegalStateException("the pooled context #" + slot.index
                        + " could not be rebuilt; this submission was not started", notRebuilt));
            } else {
                dispatch(slot, running, result, resultType, function, arguments);
            }
        });
        return result;
    }

    private <T> void dispatch(Slot slot, Running running, CompletableFuture<T> result, Class<T> resultType, String function,
            Object[] arguments) {
        CompletableFuture<Value> task;
        try {
            task = running.loop.submitCall(running.namespace, function, List.of(arguments));
        } catch (IllegalStateException loopClosed) {
            result.completeExceptionally(new IllegalStateException("the pooled context #" + slot.index
                    + " has closed; this submission was not started", loopClosed));
            return;
        }
        // Converted on the loop's thread as the task completes there, while its context lives.
        task.whenComplete((value, failure) -> {
            if (failure != null) {
                Throwable died = running.loop.failure().orElse(null);
                result.completeExceptionally(died == null ? failure : new IllegalStateException("the pooled context #"
                        + slot.index + " died (" + died + "); this submission did not finish", died));
                return;
            }
            try {
                result.complete(value.as(resultType));
            } catch (RuntimeException notConvertible) {
                result.completeExceptionally(notConvertible);
            }
        });
        result.whenComplete((ok, failure) -> {
            if (result.isCancelled()) {
                task.cancel(false);
            }
        });
    }

    private Running start(int index) {
        PythonContext python = runtime.newContext(out, err);
        try {
            Value namespace = python.loadModule(setupScript, "<pool setup>", "asyncio_loop_pool_setup");
            AsyncioLoopThread loop = AsyncioLoopThread.start(python, "asyncio loop pool #" + index);
            return new Running(python, namespace, loop);
        } catch (RuntimeException e) {
            python.cancelQuietly();
            throw e;
        }
    }

    /**
     * The watchdog: pings every loop, replaces a context whose loop did not answer in time or whose thread ended, and
     * tries again to rebuild one whose rebuilding failed.
     */
    private void watch() {
        long period = Math.max(1, responseLimit.toMillis() / 4);
        while (!closing) {
            for (Slot slot : slots) {
                if (closing) {
                    return;
                }
                CompletableFuture<Running> current = slot.current;
                if (current.isCompletedExceptionally()) {
                    rebuild(slot, new CompletableFuture<>());
                    continue;
                }
                Running running = current.getNow(null);
                String why = running == null ? null : running.unanswered(responseLimit);
                if (why != null) {
                    replace(slot, running, why);
                } else if (running != null) {
                    running.ping();
                }
            }
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void replace(Slot slot, Running dead, String why) {
        // New submissions wait for the replacement; those the dead context has fail first, with why: cancelling the
        // context would fail them with less to go on.
        CompletableFuture<Running> replacement = new CompletableFuture<>();
        slot.current = replacement;
        slot.failUnfinished(new IllegalStateException("the pooled context #" + slot.index + " was replaced: " + why
                + "; this submission did not finish"));
        dead.python.cancelQuietly();
        dead.loop.close();
        rebuild(slot, replacement);
    }

    private void rebuild(Slot slot, CompletableFuture<Running> replacement) {
        slot.current = replacement;
        if (closing) {
            replacement.completeExceptionally(new IllegalStateException("the pool is closing"));
            return;
        }
        try {
            Running started = start(slot.index);
            if (closing) { // closeNow() went past this slot while it was being built
                started.close();
                replacement.completeExceptionally(new IllegalStateException("the pool is closing"));
                return;
            }
            replacement.complete(started);
            slot.replacements++;
        } catch (RuntimeException e) {
            if (closing) {
                replacement.completeExceptionally(e);
                return;
            }
            err("asyncio loop pool: rebuilding context #" + slot.index + " failed, trying again: " + e + "\n");
            replacement.completeExceptionally(e);
        }
    }

    private void err(String text) {
        try {
            err.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            err.flush();
        } catch (java.io.IOException ignored) {
            // nowhere else to say it
        }
    }

    /**
     * Drains: refuses new submissions, waits up to the drain timeout for the unfinished ones, then closes every loop
     * (cancelling what is left, whose futures end cancelled) and every context. Idempotent.
     */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (Slot slot : slots) {
            for (CompletableFuture<?> unfinished : List.copyOf(slot.unfinished)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    unfinished.handle((ok, failure) -> null).get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (java.util.concurrent.ExecutionException impossible) {
                    // handle() never fails
                }
            }
        }
        closeNow();
    }

    /** Refuses new submissions, cancels the unfinished ones (their futures end cancelled), closes every loop and context. */
    public void closeNow() {
        closing = true;
        if (watchdog != null) {
            watchdog.interrupt();
        }
        for (Slot slot : slots) {
            Running running = slot.current == null ? null : slot.current.getNow(null);
            if (running == null) {
                continue;
            }
            for (CompletableFuture<?> unfinished : List.copyOf(slot.unfinished)) {
                unfinished.cancel(false);
            }
            running.close();
        }
    }

    /** One context with its setup namespace and its loop thread. */
    private static final class Running {
        final PythonContext python;
        final Value namespace;
        final AsyncioLoopThread loop;
        private volatile long unansweredSince = 0;

        Running(PythonContext python, Value namespace, AsyncioLoopThread loop) {
            this.python = python;
            this.namespace = namespace;
            this.loop = loop;
        }

        void close() {
            try {
                loop.close();
            } finally {
                python.close();
            }
        }

        void ping() {
            if (unansweredSince != 0) {
                return; // the last one is still out
            }
            long sent = System.nanoTime();
            unansweredSince = sent;
            loop.ping().whenComplete((ok, failure) -> {
                if (failure == null) {
                    unansweredSince = 0;
                }
            });
        }

        /** Why this context must be replaced, or null. */
        String unanswered(Duration limit) {
            if (!loop.isRunning()) {
                return "its loop thread ended (" + loop.failure().map(Throwable::toString).orElse("no failure recorded") + ")";
            }
            long since = unansweredSince;
            if (since != 0 && System.nanoTime() - since > limit.toNanos()) {
                return "its loop did not answer within " + limit.toMillis() + " ms (Python code that never yields to the loop)";
            }
            return null;
        }
    }

    /** A place in the pool: the context in it now, its unfinished submissions and its counts. */
    private static final class Slot {
        final int index;
        volatile CompletableFuture<Running> current;
        final Set<CompletableFuture<?>> unfinished = ConcurrentHashMap.newKeySet();
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile int replacements;

        Slot(int index) {
            this.index = index;
        }

        /** Lower is better: unfinished submissions, and a slot being replaced only when all are. */
        long rank() {
            return (current.isDone() ? 0 : 1L << 32) + unfinished.size();
        }

        void track(CompletableFuture<?> future) {
            unfinished.add(future);
            future.whenComplete((ok, failure) -> {
                unfinished.remove(future);
                (failure == null ? completed : failed).incrementAndGet();
            });
        }

        void failUnfinished(RuntimeException why) {
            for (CompletableFuture<?> future : List.copyOf(unfinished)) {
                future.completeExceptionally(why);
            }
        }

        LoopStatistics statistics() {
            int all = unfinished.size();
            Running now = current.getNow(null);
            int running = now == null ? 0 : Math.min(all, now.loop.runningCount());
            return new LoopStatistics(index, all - running, running, completed.get(), failed.get(), replacements);
        }
    }

    /** How many contexts, what runs in each first, how long a loop may go without answering. */
    public static final class Builder {
        private final GraalPyRuntime runtime;
        private int contexts = defaultContexts();
        private String setupScript = "";
        private Duration responseLimit = Duration.ofSeconds(10);
        private Duration drainTimeout = Duration.ofSeconds(30);
        private OutputStream out = System.out;
        private OutputStream err = System.err;

        private Builder(GraalPyRuntime runtime) {
            this.runtime = Objects.requireNonNull(runtime, "runtime");
        }

        /** One context per core, at least 2 and at most 8: a context runs Python on one core at a time. */
        static int defaultContexts() {
            return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
        }

        public Builder contexts(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a pool has at least one context, not " + count);
            }
            this.contexts = count;
            return this;
        }

        /** Python source run in every context before it takes work (and again in a replacement): the functions to submit. */
        public Builder setup(String script) {
            this.setupScript = Objects.requireNonNull(script, "script");
            return this;
        }

        /** How long a loop may go without answering before its context is replaced (default 10 s). */
        public Builder responseLimit(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("the response limit must be positive, not " + limit);
            }
            this.responseLimit = limit;
            return this;
        }

        /** How long {@link AsyncioLoopPool#close()} waits for unfinished submissions (default 30 s). */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Where the contexts' Python prints (default: this process's standard output and error). */
        public Builder output(OutputStream out, OutputStream err) {
            this.out = Objects.requireNonNull(out, "out");
            this.err = Objects.requireNonNull(err, "err");
            return this;
        }

        /** Builds every context now (seconds each, one after another) and starts its loop. */
        public AsyncioLoopPool build() {
            return new AsyncioLoopPool(this);
        }
    }
}
