package io.github.asyncgraalpy.bench;

import com.sun.management.OperatingSystemMXBean;
import io.github.asyncgraalpy.bridge.AsyncioLoopPool;
import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Using every core: tasks per second of a CPU-bound async workload (pure Python between awaits of Java futures) on an
 * {@link AsyncioLoopPool} with 1, 2, … contexts (of one engine, the pool's default), side by side on the same pool,
 * with the cores the process kept busy meanwhile; the heap a pooled context takes, idle and after that work, on one
 * engine and with an engine each; and {@code asyncio.to_thread} round trips on Java threads against CPython's thread
 * pool. Group {@code pool-burst}: submissions per second of bursts of quick work through a pool of 2, none failing.
 */
final class PoolCases {

    /** How long a round keeps the contexts busy. */
    static final Duration ROUND = Duration.ofMillis(400);
    /** Tasks each context has in flight during a round: enough that its loop never waits for the next one. */
    static final int IN_FLIGHT = 4;
    static final int AWAITS_PER_TASK = 4;
    static final int TO_THREAD_ROUND_TRIPS = 2_000;
    static final String CPYTHON_TO_THREAD = "pool/cpython-to-thread";
    static final String ENGINE_EACH = "-engine-each";
    /** Rounds of the workload before the heap "after work" is read: enough to compile its code. */
    static final int HEAP_WORK_ROUNDS = 25;
    /** The peer's figure to beat: Micronaut 5.2's GraalPy support reports 37 MB per event-loop context. */
    static final double MICRONAUT_MB_PER_CONTEXT = 37;

    static final String CORES_BUSY = "-cores-busy";
    static final String CORES_UNIT = "cores busy";
    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final OutputStream DISCARD = OutputStream.nullOutputStream();
    /**
     * Contexts on several cores can only be compared once the JIT compilers no longer take one of them: on two cores
     * C2 (compiling the Graal compiler) and Truffle's compiler threads each use 50–70 % of a core for the first 90 s or
     * so, and two contexts measured then ran 0.9–1.6× one. Rounds vary by a quarter on a quiet machine, hence the wider
     * spread, and the pass cap far above the time cap.
     */
    private static final SideBySide.Policy SCALING = new SideBySide.Policy(4, 0.25, 10_000, Duration.ofSeconds(240), 20)
            .withQuietCompilers(SideBySide.QuietCompilers.ofThisJvm(Duration.ofSeconds(10), 0.10));
    /**
     * A round trip hands a call to a Java thread and back: both threads and the compilers share two cores, so its code
     * (new to the JVM after the pool's cases) is measured only once the compilers are quiet again.
     */
    private static final SideBySide.Policy HAND_OVER = SideBySide.Policy.DEFAULT.withMaxWarmup(10_000, Duration.ofSeconds(60))
            .withSamples(15).withQuietCompilers(SideBySide.QuietCompilers.ofThisJvm(Duration.ofSeconds(5), 0.10));

    private PoolCases() {}

    /** One context per core, at least two: the scaling curve from 1 to that many contexts. */
    static int largestPool() {
        return Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));
    }

    static String caseName(int contexts) {
        return "pool/" + contexts + (contexts == 1 ? "-context" : "-contexts");
    }

    static List<Measurement> measure(Workloads workloads, CompilationLog log) throws InterruptedException {
        int largest = largestPool();
        List<Measurement> measured = new ArrayList<>();
        try (AsyncioLoopPool pool = pool(ExampleRuntime.shared(), largest, false)) {
            List<SideBySide.Case> cases = new ArrayList<>();
            for (int contexts = 1; contexts <= largest; contexts++) {
                int n = contexts;
                cases.add(timed(caseName(n), pool, n));
            }
            measured.addAll(SideBySide.measure("pool", "tasks per second", CORES_UNIT, cases, SCALING, log, System.out));
        }
        // Heap after the throughput pool closed, one pool at a time: what it holds is then its own, and the Graal
        // compiler's own caches, which fill during the first minutes whatever is compiled, are full already.
        Heap oneEngine;
        try (GraalPyRuntime runtime = ExampleRuntime.shared().sibling()) {
            oneEngine = heapPerContext(runtime, largest, false);
        }
        Heap engineEach = heapPerContext(ExampleRuntime.shared(), 2, true);
        System.out.printf("  pool: heap per pooled context on one engine %.1f MB idle, %.1f MB after %d rounds of the workload;"
                + " with an engine each %.1f MB and %.1f MB (Micronaut: %.0f MB)%n",
                oneEngine.idle(), oneEngine.afterWork(), HEAP_WORK_ROUNDS, engineEach.idle(), engineEach.afterWork(), MICRONAUT_MB_PER_CONTEXT);
        measured.add(heap("pool/heap-per-idle-context", oneEngine.idle()));
        measured.add(heap("pool/heap-per-context-after-work", oneEngine.afterWork()));
        measured.add(heap("pool/heap-per-idle-context" + ENGINE_EACH, engineEach.idle()));
        measured.add(heap("pool/heap-per-context-after-work" + ENGINE_EACH, engineEach.afterWork()));
        measured.add(toThread(workloads, log));
        return measured;
    }

    private static AsyncioLoopPool pool(GraalPyRuntime runtime, int contexts, boolean enginePerContext) {
        return AsyncioLoopPool.builder(runtime).contexts(contexts).enginePerContext(enginePerContext)
                .setup(Workloads.source()).output(DISCARD, System.err).build();
    }

    /** Megabytes of heap per context of a pool, idle and after its work. */
    private record Heap(double idle, double afterWork) {}

    private static Heap heapPerContext(GraalPyRuntime runtime, int contexts, boolean enginePerContext) throws InterruptedException {
        long before = MemoryCases.heapAfterGc();
        try (AsyncioLoopPool pool = pool(runtime, contexts, enginePerContext)) {
            double idle = megabytesPerContext(MemoryCases.heapAfterGc() - before, contexts);
            for (int i = 0; i < HEAP_WORK_ROUNDS; i++) {
                round(pool, contexts);
            }
            return new Heap(idle, megabytesPerContext(MemoryCases.heapAfterGc() - before, contexts));
        }
    }

    private static Measurement heap(String name, double megabytes) {
        return Measurement.unwarmed(name, "GraalPy", "MB", name, List.of(megabytes));
    }

    /**
     * A case of the scaling curve with its companion: the cores this process kept busy during the round (its CPU time
     * over the round's wall time). Two contexts can only be twice as fast as one if the machine gives them two cores.
     */
    private static SideBySide.Case timed(String name, AsyncioLoopPool pool, int contexts) {
        double[] coresBusy = new double[1];
        return new SideBySide.Case(name, () -> {
            long cpu = PROCESS.getProcessCpuTime();
            long wall = System.nanoTime();
            double tasksPerSecond = round(pool, contexts);
            coresBusy[0] = (PROCESS.getProcessCpuTime() - cpu) / (double) (System.nanoTime() - wall);
            return tasksPerSecond;
        }, name + CORES_BUSY, () -> coresBusy[0]);
    }

    /**
     * Tasks per second of the first {@code contexts} contexts of the pool kept busy for {@link #ROUND}: each has
     * {@link #IN_FLIGHT} tasks submitted at all times, a finished one replaced at once, as a service's pool would be.
     * Only the tasks finished within the round count; those still running at its end are waited for, uncounted, so the
     * next round starts on idle loops. No round ends on a barrier that leaves one context idle while the other
     * finishes.
     */
    private static double round(AsyncioLoopPool pool, int contexts) {
        AtomicInteger finished = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + ROUND.toNanos();
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (int context = 0; context < contexts; context++) {
            for (int i = 0; i < IN_FLIGHT; i++) {
                chains.add(keepBusy(pool, context, end, finished));
            }
        }
        chains.forEach(CompletableFuture::join);
        return finished.get() / (ROUND.toNanos() / 1e9);
    }

    /** One task after another in the context {@code key} picks, until {@code end}; counts those finished by then. */
    private static CompletableFuture<Void> keepBusy(AsyncioLoopPool pool, int key, long end, AtomicInteger finished) {
        return pool.submitKeyed(key, Long.class, "cpu_bound_task", CompletedAnswers.INSTANCE, AWAITS_PER_TASK).thenCompose(result -> {
            if (System.nanoTime() - end >= 0) {
                return CompletableFuture.completedFuture(null);
            }
            finished.incrementAndGet();
            return keepBusy(pool, key, end, finished);
        });
    }

    private static Measurement toThread(Workloads workloads, CompilationLog log) {
        List<Measurement> rows = SideBySide.measure("to_thread", "round trips per second", List.of(new SideBySide.Case("pool/to-thread",
                () -> TO_THREAD_ROUND_TRIPS / (workloads.nanos("to_thread_round_trips", TO_THREAD_ROUND_TRIPS) / 1e9))),
                HAND_OVER, log, System.out);
        Measurement m = rows.get(0);
        // Against CPython's to_thread on its thread pool (the CPython row), not against itself.
        return new Measurement(m.name(), m.runtime(), m.unit(), CPYTHON_TO_THREAD, m.samples(), m.warmup(), m.steady(),
                m.compilationsWhileMeasured(), m.deoptsWhileMeasured());
    }

    /** A burst's rounds: how many quick submissions at once, and the response limit of the pool they go through. */
    static final int BURST = 20_000;
    static final Duration BURST_RESPONSE_LIMIT = Duration.ofSeconds(2);
    /** The second case: the size of burst that the default limit of 10 s once took for hung loops. */
    static final int LARGE_BURST = 70_000;
    static final String BURST_CASE = "pool-burst/20k-at-2s-limit";
    static final String LARGE_BURST_CASE = "pool-burst/70k-at-10s-limit";
    /** A round is one burst, seconds long; its rate varies with the garbage it leaves, hence the wider spread. */
    private static final SideBySide.Policy BURSTS = new SideBySide.Policy(3, 0.25, 30, Duration.ofSeconds(90), 5);

    /**
     * Submissions per second through a pool of 2 contexts, each round a burst submitted at once from one thread and
     * awaited: 20,000 quick submissions ({@code echo}) with a response limit of 2 s, and 70,000 with the default 10 s.
     * Not one may fail and no context may be replaced: such a burst once failed all but a few of its submissions, its
     * loops taken for hung ones.
     */
    static List<Measurement> burst(CompilationLog log) {
        try (AsyncioLoopPool tight = burstPool(BURST_RESPONSE_LIMIT); AsyncioLoopPool usual = burstPool(Duration.ofSeconds(10))) {
            List<SideBySide.Case> cases = List.of(
                    new SideBySide.Case(BURST_CASE, () -> burstRound(tight, BURST)),
                    new SideBySide.Case(LARGE_BURST_CASE, () -> burstRound(usual, LARGE_BURST)));
            List<Measurement> measured = SideBySide.measure("pool-burst", "submissions per second", cases, BURSTS, log, System.out);
            System.out.printf("  pool-burst: no submission failed; replacements: %s and %s%n", tight.statistics(), usual.statistics());
            return measured;
        }
    }

    private static AsyncioLoopPool burstPool(Duration responseLimit) {
        return AsyncioLoopPool.builder(ExampleRuntime.shared()).contexts(2).responseLimit(responseLimit)
                .setup(Workloads.source()).output(DISCARD, System.err).build();
    }

    /** One burst: {@code count} submissions of {@code echo} at once; the rate at which they all completed. */
    private static double burstRound(AsyncioLoopPool pool, int count) {
        long start = System.nanoTime();
        List<CompletableFuture<Integer>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(Integer.class, "echo", i));
        }
        int failed = 0;
        Throwable first = null;
        for (int i = 0; i < count; i++) {
            try {
                if (futures.get(i).get(5, java.util.concurrent.TimeUnit.MINUTES) != i) {
                    throw new IllegalStateException("submission " + i + " came back as " + futures.get(i).join());
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                failed++;
                first = first == null ? e : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted in a burst", e);
            }
        }
        double perSecond = count / ((System.nanoTime() - start) / 1e9);
        int replacements = pool.statistics().stream().mapToInt(AsyncioLoopPool.LoopStatistics::replacements).sum();
        if (failed > 0 || replacements > 0) {
            throw new IllegalStateException("a burst of " + count + " quick submissions: " + failed + " failed, " + replacements
                    + " contexts replaced (" + pool.statistics() + ")", first);
        }
        return perSecond;
    }

    private static double megabytesPerContext(long bytes, int contexts) {
        return bytes / (double) contexts / (1024 * 1024);
    }
}
