package io.github.asyncgraalpy.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The targets, checked against one run's results. */
final class Targets {

    /**
     * A limit on a case's ratio to its baseline, or on its median itself: a floor for rates, a ceiling for times, as
     * the case's unit says.
     */
    record Target(String caseName, boolean onRatio, double limit, String what) {

        Optional<Verdict> check(Results results) {
            return results.graalPy(caseName).map(m -> {
                double value = onRatio ? results.ratio(m) : m.median();
                boolean atMost = !m.higherIsBetter();
                boolean met = atMost ? value <= limit : value >= limit;
                double factor = atMost ? value / limit : limit / value;
                return new Verdict(this, value, met, factor);
            });
        }
    }

    /** {@code factor}: how far off the limit, as a multiple (above 1 when missed). */
    record Verdict(Target target, double value, boolean met, double factor) {
        String describe() {
            String measured = target.onRatio ? String.format(Locale.ROOT, "%.2fx", value) : String.format(Locale.ROOT, "%.3g", value);
            return String.format(Locale.ROOT, "%-6s %-58s measured %-10s%s", met ? "met" : "MISSED", target.what, measured,
                    met ? "" : String.format(Locale.ROOT, " (%.1fx off)", factor));
        }
    }

    static final List<Target> ALL = List.of(
            new Target("await/java-coroutine", true, 1.0, "case 1: JavaCoroutine await <= 1.0x async def"),
            new Target("await/java-mycoroutine", true, 1.5, "case 1: tutorial-style MyCoroutine <= 1.5x async def"),
            new Target("drive/java-drives", true, 2.0, "case 3: Java driving a coroutine <= 2x Python driving it"),
            new Target("bridge/java-futures-10k", true, 1.0, "case 4: 10k Java futures >= 1.0x call_soon_threadsafe"),
            new Target("bridge/java-futures-100k", true, 1.2, "case 4: 100k Java futures >= 1.2x call_soon_threadsafe"),
            new Target("bridge/java-futures-10k-loop-cpu", true, 1.0, "case 4: 10k, loop CPU, >= 1.0x call_soon_threadsafe"),
            new Target("bridge/java-futures-100k-loop-cpu", true, 1.2, "case 4: 100k, loop CPU, >= 1.2x call_soon_threadsafe"),
            new Target("bridge/wake-latency-p50", false, 100, "case 4: wake-up p50 < 100 us"),
            new Target("loop-thread/java-submit", true, 1.0, "case 5: submit >= 1.0x run_coroutine_threadsafe"),
            new Target(PoolCases.caseName(2), true, 1.7, "pool: 2 contexts >= 1.7x the tasks per second of 1"),
            new Target("pool/to-thread", true, 1.0, "pool: to_thread round trips >= 1.0x CPython's"),
            new Target("pool/heap-per-context-after-work", false, PoolCases.MICRONAUT_MB_PER_CONTEXT,
                    "pool: heap per context after work <= Micronaut's 37 MB"),
            new Target(NetCases.ECHO, true, 0.5, "net: echo round trips >= 0.5x CPython's"),
            new Target(NetCases.BULK, true, 1.0, "net: bulk throughput >= 1.0x CPython's"),
            new Target(NetCases.CONNECTIONS_FAILED, false, 0, "net: 1,000 connections at once, none failing"),
            new Target("startup/first-context", false, 2.0, "case 6: cold JVM to first await <= 2 s"),
            new Target("startup/further-context", false, 0.3, "case 6: each further context <= 0.3 s"),
            new Target("startup/pool-hand-out", false, 0.05, "case 6: a context started ahead handed out <= 50 ms"),
            new Target("memory/heap-growth-over-cycles", false, 10, "case 6: heap flat within 10 % over 200 contexts (quick: 60)"));

    private Targets() {}

    static List<Verdict> check(Results results) {
        return ALL.stream().flatMap(target -> target.check(results).stream()).toList();
    }
}
