package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.bridge.AsyncioLoopThread;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;

/**
 * Case 5: a Python coroutine's result asked for by another thread, one round trip at a time: Java through
 * {@link AsyncioLoopThread#submit} and {@code CompletableFuture.get}, against {@code asyncio.run_coroutine_threadsafe}
 * from a Python thread to a loop in another Python thread.
 */
final class LoopThreadCases {

    static final int ROUND_TRIPS = 2_000;

    private LoopThreadCases() {}

    static List<Measurement> measure(Workloads workloads, CompilationLog log) {
        Value echo = workloads.get("echo");
        try (AsyncioLoopThread loop = AsyncioLoopThread.start(workloads.python())) {
            List<SideBySide.Case> cases = List.of(
                    new SideBySide.Case("loop-thread/run-coroutine-threadsafe",
                            () -> ROUND_TRIPS / (workloads.nanos("run_coroutine_threadsafe_round_trips", ROUND_TRIPS) / 1e9)),
                    new SideBySide.Case("loop-thread/java-submit", () -> ROUND_TRIPS / (javaRoundTrips(loop, echo, ROUND_TRIPS) / 1e9)));
            return SideBySide.measure("loop-thread", "round trips per second", cases,
                    SideBySide.Policy.DEFAULT.withMaxWarmup(20, Duration.ofSeconds(60)), log, System.out);
        }
    }

    static long javaRoundTrips(AsyncioLoopThread loop, Value echo, int n) {
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            try {
                loop.submit(echo.execute(i)).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("round trip " + i + " failed", e);
            }
        }
        return System.nanoTime() - start;
    }
}
