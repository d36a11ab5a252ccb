package io.github.asyncgraalpy.bridge;

import io.github.asyncgraalpy.bridge.internal.PlainJavaCopies;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asyncio loops in several contexts, one loop thread each: as many GILs as contexts, so Python work of different
 * submissions runs on as many cores. Every context runs the same setup script; {@link #submit} calls one of its
 * {@code async def}s in the least loaded context, or in the context a key picks, and returns a Java future of the
 * result.
 *
 * <ul>
 *   <li><b>Engines.</b> The contexts come from the pool's runtime, one engine, by default; {@code
 *       enginePerContext(true)} gives each an engine of its own ({@link GraalPyRuntime#sibling()}).
 *   <li><b>Isolation.</b> Contexts share nothing: what one submission leaves in its context's globals the next one
 *       there sees, the others do not. Key related work to keep it together.
 *   <li><b>A context that stops making progress is replaced.</b> A watchdog judges every loop by its work, every
 *       {@code responseLimit / 4}: a loop that neither waits nor ends an iteration nor starts or finishes a submission
 *       for {@code responseLimit} (Python code that never yields, a call that blocks the loop's thread), one that
 *       starts none of the submissions handed to it for that long (a script broke what starts them), and one whose
 *       thread ended have their context cancelled and rebuilt. A busy loop that keeps making progress is never
 *       replaced, however much is queued. Submissions its Python had taken fail with an {@link
 *       IllegalStateException} that says so; those it never took go on in another context (keyed ones in the
 *       replacement). None is silently lost or run twice.
 *   <li><b>Bounded.</b> A loop is handed at most {@value #HANDED_UNSTARTED} submissions it has not started; the rest
 *       wait in Java. Starting a context, the first time and as a replacement, takes at most the setup limit.
 *   <li><b>Results are Java values.</b> Each is converted on the loop's thread, while its context lives: with
 *       {@code Value.as(type)}, and for {@code Object}, {@code List} and {@code Map} into plain Java copies, element by
 *       element, as {@code Value.as} would give views that die with the context. One that contains itself, or nests
 *       deeper than {@value #MAX_RESULT_DEPTH} levels, fails its future with an {@link IllegalArgumentException}.
 *   <li><b>Close</b> drains: no new submission, those queued and running finish (up to the drain timeout), then
 *       every loop and context closes. {@link #closeNow()} cancels what is unfinished instead.
 * </ul>
 *
 * <p>This class holds the slots and their lifecycle; placing and handing work is {@code PoolSubmissions}', the
 * watchdog and replacing a context {@code PoolSupervisor}'s, making a context {@code PoolStarter}'s, and turning
 * results into plain Java values {@code PlainJavaCopies}'.
 */
public final class AsyncioLoopPool implements AutoCloseable {

    /** What a service watches per context. */
    public record LoopStatistics(int index, int queued, int running, long completed, long failed, int replacements) {}

    /**
     * How many submissions a loop is handed that it has not started; the rest wait in Java and are handed as it starts
     * these. One iteration of a busy loop then starts and runs a bounded batch, so the watchdog sees its iterations
     * end; and a context replaced after its Python took submissions fails at most these, the rest going on elsewhere.
     */
    static final int HANDED_UNSTARTED = 256;

    /**
     * How deep the lists and dicts of a result converted into plain Java copies may nest (Python's own recursion limit
     * is 1,000 too): a deeper one fails its submission instead of the loop thread's stack.
     */
    static final int MAX_RESULT_DEPTH = PlainJavaCopies.MAX_DEPTH;

    /** How long closing waits for a context being replaced (building one takes seconds). */
    private static final Duration REPLACEMENT_WAIT = Duration.ofSeconds(60);

    private final Duration drainTimeout;
    private final boolean enginePerContext;
    private final List<PoolSlot> slots = new ArrayList<>();
    private final PoolStarter starter;
    private final PoolSubmissions submissions;
    private final PoolSupervisor supervisor;

    private AsyncioLoopPool(Builder builder) {
        this.drainTimeout = builder.drainTimeout;
        this.enginePerContext = builder.enginePerContext;
        this.starter = new PoolStarter(builder.setupScript, builder.setupLimit, builder.out, builder.err);
        this.submissions = new PoolSubmissions(slots);
        this.supervisor = new PoolSupervisor(slots, builder.responseLimit, submissions, starter, builder.err);
        try {
            for (int i = 0; i < builder.contexts; i++) {
                PoolSlot slot = new PoolSlot(i, enginePerContext ? builder.runtime.sibling() : builder.runtime);
                slots.add(slot);
                slot.current = CompletableFuture.completedFuture(starter.start(slot));
            }
        } catch (RuntimeException e) {
            closeNow();
            throw e;
        }
        supervisor.start();
    }

    /** A pool of loops in contexts of {@code runtime}; the runtime must outlive the pool. */
    public static Builder builder(GraalPyRuntime runtime) {
        return new Builder(runtime);
    }

    /**
     * Calls {@code function(*arguments)} of the setup script in the context with the fewest unfinished submissions, and
     * runs the awaitable it returns as a task of that context's loop. From any thread; the calling thread never
     * enters Python. Should that context be replaced before its loop took the submission, it goes to another one.
     *
     * @param resultType what {@code Value.as} converts the result to ({@code Object.class}: strings, numbers, lists
     *     and maps as Java sees them)
     * @param arguments passed as they are; a null argument is Python's {@code None}
     * @throws IllegalStateException once {@link #close()} has begun
     */
    public <T> CompletableFuture<T> submit(Class<T> resultType, String function, Object... arguments) {
        return submissions.submit(null, resultType, function, arguments);
    }

    /**
     * {@link #submit(Class, String, Object...)} in the context {@code key} picks: the same key, the same context (the
     * same slot, after a replacement), so related work shares its globals and caches. Submissions of one thread with
     * one key start in the order submitted.
     */
    public <T> CompletableFuture<T> submitKeyed(Object key, Class<T> resultType, String function, Object... arguments) {
        return submissions.submit(slots.get(Math.floorMod(Objects.hashCode(key), slots.size())), resultType, function, arguments);
    }

    /** The number of contexts. */
    public int size() {
        return slots.size();
    }

    /** The context running in slot {@code index} now, or null (for the watchdog's tests). */
    PoolContext liveContext(int index) {
        return slots.get(index).live();
    }

    /** Per context: submissions queued (not started yet) and running, completed and failed ones, replacements so far. */
    public List<LoopStatistics> statistics() {
        return slots.stream().map(PoolSlot::statistics).toList();
    }

    /**
     * Drains: refuses new submissions, waits up to the drain timeout for the unfinished ones, then closes every loop
     * (cancelling what is left, whose futures end cancelled) and every context. Idempotent.
     */
    @Override
    public void close() {
        if (submissions.refusing()) {
            return;
        }
        submissions.refuse();
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        for (PoolSlot slot : slots) {
            for (PoolWork<?> unfinished : List.copyOf(slot.unfinished)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    unfinished.result.handle((ok, failure) -> null).get(left, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (ExecutionException impossible) {
                    // handle() never fails
                }
            }
        }
        closeNow();
    }

    /**
     * Refuses new submissions, cancels the unfinished ones (their futures end cancelled), waits for a context being
     * replaced, closes every loop and context. Idempotent.
     */
    public void closeNow() {
        submissions.refuse();
        supervisor.stop(REPLACEMENT_WAIT);
        for (PoolSlot slot : slots) {
            for (PoolWork<?> unfinished : List.copyOf(slot.unfinished)) {
                unfinished.result.cancel(false);
            }
        }
        supervisor.awaitReplacements(REPLACEMENT_WAIT);
        RuntimeException failure = null;
        for (PoolSlot slot : slots) {
            PoolContext running = slot.live();
            if (running == null) {
                continue;
            }
            try {
                running.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (enginePerContext) {
            starter.awaitDisposals(REPLACEMENT_WAIT); // their contexts are of these engines
            for (PoolSlot slot : slots) {
                slot.runtime.close();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** How many contexts, what runs in each first, how long a loop may go without answering. */
    public static final class Builder {
        private final GraalPyRuntime runtime;
        private int contexts = defaultContexts();
        private String setupScript = "";
        private Duration responseLimit = Duration.ofSeconds(10);
        private Duration setupLimit = Duration.ofSeconds(60);
        private Duration drainTimeout = Duration.ofSeconds(30);
        private boolean enginePerContext = false;
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

        /**
         * Whether each context gets an engine of its own ({@link GraalPyRuntime#sibling()}) or all come from the pool's
         * runtime (the default). An engine each keeps each context's compiled code apart, compiles everything once per
         * context and, in this project's benchmark, took somewhat more heap per context and scaled no better.
         */
        public Builder enginePerContext(boolean enginePerContext) {
            this.enginePerContext = enginePerContext;
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

        /**
         * How long starting one context may take: making it, running the setup script, starting its loop (default
         * 60 s; a context takes seconds). A start that takes longer fails {@link #build()}, or the replacement, with an
         * {@link IllegalStateException}, and what it made is cancelled.
         */
        public Builder setupLimit(Duration limit) {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("the setup limit must be positive, not " + limit);
            }
            this.setupLimit = limit;
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

        /**
         * Builds every context now (seconds each, one after another) and starts its loop.
         *
         * @throws IllegalStateException if a context does not start within the setup limit; what was built is closed
         * @throws io.github.asyncgraalpy.runtime.PythonException if the setup script raises; what was built is closed
         */
        public AsyncioLoopPool build() {
            return new AsyncioLoopPool(this);
        }
    }
}
