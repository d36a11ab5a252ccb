package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Case 6's memory side, in a JVM of its own: what one idle context costs, and whether contexts built and closed one
 * after another leave anything behind. Each cycle's script runs asyncio on a Java thread that lives on, as an
 * embedding's worker thread would (asyncio keeps per-thread state, which GraalPy holds in that thread's ThreadLocal).
 */
final class MemoryCases {

    static final int IDLE_CONTEXTS = 5;
    /** Cycles before the reference heap is taken, so that the engine's shared code and caches are in it. */
    static final int WARM_UP_CYCLES = 20;
    private static final OutputStream DISCARD = OutputStream.nullOutputStream();
    private static final String CYCLE_SCRIPT = String.join("\n",
            "import asyncio",
            "async def work():",
            "    await asyncio.sleep(0)",
            "    return bytearray(1024 * 1024)",
            "asyncio.run(work())");

    private MemoryCases() {}

    static List<Measurement> measure() throws InterruptedException {
        int cycles = Integer.getInteger("bench.memoryCycles", QuickRun.asked() ? QuickRun.MEMORY_CYCLES : 200);
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try {
            cycle(worker);
            long before = heapAfterGc();
            List<PythonContext> idle = new ArrayList<>();
            for (int i = 0; i < IDLE_CONTEXTS; i++) {
                idle.add(ExampleRuntime.shared().newContext(DISCARD, DISCARD));
            }
            double perIdle = (heapAfterGc() - before) / (double) IDLE_CONTEXTS / (1024 * 1024);
            idle.forEach(PythonContext::close);

            for (int i = 1; i < WARM_UP_CYCLES; i++) {
                cycle(worker);
            }
            long reference = heapAfterGc();
            for (int i = WARM_UP_CYCLES; i < cycles; i++) {
                cycle(worker);
            }
            long after = heapAfterGc();
            double growth = 100.0 * (after - reference) / reference;
            System.out.printf("memory: heap after GC %.1f MB after %d cycles, %.1f MB after %d (%+.1f %%); an idle context %.1f MB%n",
                    reference / 1048576.0, WARM_UP_CYCLES, after / 1048576.0, cycles, growth, perIdle);
            return List.of(
                    Measurement.unwarmed("memory/idle-context-heap", "GraalPy", "MB", "memory/idle-context-heap", List.of(perIdle)),
                    Measurement.unwarmed("memory/heap-growth-over-cycles", "GraalPy", "%", "memory/heap-growth-over-cycles", List.of(growth)));
        } finally {
            worker.shutdownNow();
        }
    }

    private static void cycle(ExecutorService worker) throws InterruptedException {
        try (PythonContext python = ExampleRuntime.shared().newContext(DISCARD, DISCARD)) {
            worker.submit(() -> python.eval(CYCLE_SCRIPT)).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a memory cycle's script failed", e);
        }
    }

    /** Used heap after a few full collections: the least of four readings. */
    static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
