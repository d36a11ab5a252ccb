package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.bridge.AsyncioLoopPool;
import io.github.asyncgraalpy.examples.ExampleRuntime;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Using every core: tasks per second of a CPU-bound async workload (pure Python between awaits of Java futures) on an
 * {@link AsyncioLoopPool} with 1, 2, … contexts, side by side on the same pool, and on two contexts with an engine each;
 * the heap a pooled context takes, idle and after that work; and {@code asyncio.to_thread} round
 * trips on Java threads against CPython's thread pool.
 */
final class PoolCases {

    static final int TASKS_PER_ROUND = 16;
    static final int AWAITS_PER_TASK = 4;
    static final int TO_THREAD_ROUND_TRIPS = 2_000;
    static final String CPYTHON_TO_THREAD = "pool/cpython-to-thread";
    /** The peer's figure to beat: Micronaut 5.2's GraalPy support reports 37 MB per event-loop context. */
    static final double MICRONAUT_MB_PER_CONTEXT = 37;

    private static final OutputStream DISCARD = OutputStream.nullOutputStream();

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
        long before = MemoryCases.heapAfterGc();
        try (AsyncioLoopPool pool = AsyncioLoopPool.builder(ExampleRuntime.shared()).contexts(largest).setup(Workloads.source())
                .output(DISCARD, System.err).build()) {
            double idle = megabytesPerContext(before, largest);
            long beforeEngineEach = MemoryCases.heapAfterGc();
            AsyncioLoopPool engineEach = AsyncioLoopPool.builder(ExampleRuntime.shared()).contexts(2).enginePerContext(true)
                    .setup(Workloads.source()).output(DISCARD, System.err).build();
            double idleEngineEach = megabytesPerContext(beforeEngineEach, 2);
            List<SideBySide.Case> cases = new ArrayList<>();
            for (int contexts = 1; contexts <= largest; contexts++) {
                int n = contexts;
                cases.add(new SideBySide.Case(caseName(n), () -> round(pool, n)));
            }
            // The same two contexts' work, each context with an engine of its own.
            cases.add(new SideBySide.Case(caseName(2) + "-engine-each", () -> round(engineEach, 2)));
            measured.addAll(SideBySide.measure("pool", "tasks per second", cases, SideBySide.Policy.DEFAULT, log, System.out));
            double afterWorkEngineEach = megabytesPerContext(beforeEngineEach, 2);
            engineEach.close();
            double afterWork = megabytesPerContext(before, largest);
            System.out.printf("  pool: heap per pooled context on one engine %.1f MB idle, %.1f MB after the workload;"
                    + " with an engine each %.1f MB and %.1f MB (Micronaut: %.0f MB)%n",
                    idle, afterWork, idleEngineEach, afterWorkEngineEach, MICRONAUT_MB_PER_CONTEXT);
            measured.add(Measurement.unwarmed("pool/heap-per-idle-context-engine-each", "GraalPy", "MB",
                    "pool/heap-per-idle-context-engine-each", List.of(idleEngineEach)));
            measured.add(Measurement.unwarmed("pool/heap-per-context-after-work-engine-each", "GraalPy", "MB",
                    "pool/heap-per-context-after-work-engine-each", List.of(afterWorkEngineEach)));
            measured.add(Measurement.unwarmed("pool/heap-per-idle-context", "GraalPy", "MB", "pool/heap-per-idle-context", List.of(idle)));
            measured.add(Measurement.unwarmed("pool/heap-per-context-after-work", "GraalPy", "MB", "pool/heap-per-context-after-work",
                    List.of(afterWork)));
        }
        measured.add(toThread(workloads, log));
        return measured;
    }

    /** {@link #TASKS_PER_ROUND} tasks over the first {@code contexts} contexts of the pool, all at once; tasks per second. */
    private static double round(AsyncioLoopPool pool, int contexts) {
        List<CompletableFuture<Long>> tasks = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < TASKS_PER_ROUND; i++) {
            tasks.add(pool.submitKeyed(i % contexts, Long.class, "cpu_bound_task", CompletedAnswers.INSTANCE, AWAITS_PER_TASK));
        }
        tasks.forEach(CompletableFuture::join);
        return TASKS_PER_ROUND / ((System.nanoTime() - start) / 1e9);
    }

    private static Measurement toThread(Workloads workloads, CompilationLog log) {
        List<Measurement> rows = SideBySide.measure("to_thread", "round trips per second", List.of(new SideBySide.Case("pool/to-thread",
                () -> TO_THREAD_ROUND_TRIPS / (workloads.nanos("to_thread_round_trips", TO_THREAD_ROUND_TRIPS) / 1e9))),
                SideBySide.Policy.DEFAULT.withMaxWarmup(15, java.time.Duration.ofSeconds(30)), log, System.out);
        Measurement m = rows.get(0);
        // Against CPython's to_thread on its thread pool (the CPython row), not against itself.
        return new Measurement(m.name(), m.runtime(), m.unit(), CPYTHON_TO_THREAD, m.samples(), m.warmup(), m.steady(),
                m.compilationsWhileMeasured(), m.deoptsWhileMeasured());
    }

    private static double megabytesPerContext(long before, int contexts) throws InterruptedException {
        return (MemoryCases.heapAfterGc() - before) / (double) contexts / (1024 * 1024);
    }
}
