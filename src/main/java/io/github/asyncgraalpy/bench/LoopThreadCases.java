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

    static final int ROUND_TRIPS = 5_000;

    /**
     * A round trip is two thread hand-overs, each as fast as the scheduler makes it: rounds of either case vary by
     * half (p10-p90 up to 4x) on a quiet machine, so the group allows a spread of 25 % when it settles, and takes 40
     * passes, not 10, for the median of their ratios. It waits for quiet compilers too: with 10 passes and without,
     * three runs gave 2.69x, 4.62x and 1.44x.
     */
    private static final SideBySide.Policy POLICY = new SideBySide.Policy(4, 0.25, 40, Duration.ofSeconds(60), 40)
            .waitingForQuietCompilers();

    private LoopThreadCases() {}

    static List<Measurement> measure(Workloads workloads, CompilationLog log) {
        Value echo = workloads.get("echo");
        try (AsyncioLoopThread loop = AsyncioLoopThread.start(workloads.python())) {
            List<SideBySide.Case> cases = List.of(
                    new SideBySide.Case("loop-thread/run-coroutine-threadsafe",
                            () -> ROUND_TRIPS / (workloads.nanos("run_coroutine_threadsafe_round_trips", ROUND_TRIPS) / 1e9)),
                    new SideBySide.Case("loop-thread/java-submit", () -> ROUND_TRIPS / (javaRoundTrips(loop, echo, ROUND_TRIPS) / 1e9)));
            return SideBySide.measure("loop-thread", "round trips per second", cases, POLICY, log, System.out);
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
