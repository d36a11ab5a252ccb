package io.github.asyncgraalpy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;

/**
 * Case 4: Java futures completed by a Java thread and awaited with {@code gather}, against asyncio futures completed
 * by a Python thread with {@code call_soon_threadsafe}, in wall time and in the loop thread's CPU time (each round
 * measures both); and the wake-up latency of each, from completion to the awaiting task running.
 */
final class BridgeCases {

    /** One thread completes the futures: with the loop's, that is both cores; two made the baseline flip between modes. */
    static final int COMPLETER_THREADS = 1;

    /**
     * Both parts wait for quiet compilers (150 s at most each). Without, neither settled and their rounds spread 4-10x
     * (p10-p90); waiting, each settled in most runs, and their ratios repeat within 20 % from run to run. Each takes
     * 15 measured passes: with 7, the 100k loop-CPU ratio of a run that did not settle read 0.91x, the next run 1.11x.
     */
    private static final SideBySide.Policy POLICY = SideBySide.Policy.DEFAULT.waitingForQuietCompilers();

    /**
     * The as-tasks part waits for quiet compilers too, but for a minute at most: capped at 15 passes it never settled
     * and two runs gave 0.28x and 0.09x.
     */
    private static final SideBySide.Policy AS_TASKS_POLICY = SideBySide.Policy.DEFAULT.withMaxWarmup(Integer.MAX_VALUE, Duration.ofSeconds(60))
            .withQuietCompilers(SideBySide.QuietCompilers.ofThisJvm(Duration.ofSeconds(10), 0.10)).withSamples(15);

    /** The companion figure of case 4: futures per second of the loop thread's own CPU time. */
    static final String LOOP_CPU_UNIT = "futures per loop-CPU second";
    /**
     * A p99 of 500 wake-ups (the fifth slowest) did not repeat from run to run (1.73x, then 0.59x); of 2,000, it is
     * the twentieth slowest, and ten rounds give its median.
     */
    static final int WAKE_UPS_PER_ROUND = 2_000;
    static final int LATENCY_WARMUP_ROUNDS = 4;
    static final int LATENCY_ROUNDS = 10;

    /** Case 4's anatomy: the loop's CPU per future, phase by phase, at the larger size. */
    static final String PHASE_UNIT = "loop-CPU ns per future";
    static final List<String> PHASES = List.of("make", "deliver", "gather");
    static final int PHASE_FUTURES = 100_000;
    static final int PHASE_WARMUP_ROUNDS = 5;
    /** Seven rounds' medians did not repeat from run to run (deliver 0.79x, then 0.62x), with a GC pause in some rounds. */
    static final int PHASE_ROUNDS = 15;

    private BridgeCases() {}

    /** Throughput at 10,000 and 100,000 futures; each size its own side-by-side group. */
    static List<Measurement> throughput(Workloads workloads, CompilationLog log) throws InterruptedException {
        List<Measurement> measured = new ArrayList<>();
        try (FutureBatch batch = new FutureBatch(COMPLETER_THREADS)) {
            measured.addAll(SideBySide.measure("bridge 10k", "futures per second", LOOP_CPU_UNIT, List.of(
                    baseline(workloads, "bridge/call-soon-threadsafe-10k", 10_000),
                    java(workloads, "bridge/java-futures-10k", "java_futures_gather", batch, 10_000)),
                    POLICY.withSamples(15), log, System.out));
            measured.addAll(SideBySide.measure("bridge 100k", "futures per second", LOOP_CPU_UNIT, List.of(
                    baseline(workloads, "bridge/call-soon-threadsafe-100k", 100_000),
                    java(workloads, "bridge/java-futures-100k", "java_futures_gather", batch, 100_000)),
                    POLICY.withSamples(15), log, System.out));
            measured.addAll(phases(workloads, batch));
            // Last, and against wrap_futures rather than the baseline: gathering the Java futures themselves makes a
            // task of each, which turns asyncio's gather code polymorphic; measured beside the other parts, it kept
            // the compilers busy past their cap.
            measured.addAll(SideBySide.measure("bridge 10k as tasks", "futures per second", List.of(
                    new SideBySide.Case("bridge/java-futures-10k-wrapped", () -> rate(workloads, "java_futures_gather", batch, 10_000)),
                    new SideBySide.Case("bridge/java-futures-10k-as-tasks", () -> rate(workloads, "java_futures_gather_as_tasks", batch, 10_000))),
                    AS_TASKS_POLICY, log, System.out));
        }
        return measured;
    }

    /**
     * Where the loop thread's time per future goes, on both sides: making (and on the Java side watching) the futures,
     * taking their outcomes once the other thread has completed them all, and gathering them. Rounds alternate
     * between the sides, right after the 100k part has warmed the same code with the compilers quiet (and before the
     * as-tasks part turns {@code gather} polymorphic); one row per side and phase, "steady" when its rounds lie within
     * 25 %.
     */
    static List<Measurement> phases(Workloads workloads, FutureBatch batch) {
        List<List<Double>> baseline = new ArrayList<>();
        List<List<Double>> java = new ArrayList<>();
        for (int phase = 0; phase < PHASES.size(); phase++) {
            baseline.add(new ArrayList<>());
            java.add(new ArrayList<>());
        }
        int warmupRounds = QuickRun.warmupRounds(PHASE_WARMUP_ROUNDS);
        int measuredRounds = QuickRun.rounds(PHASE_ROUNDS);
        for (int round = 0; round < warmupRounds + measuredRounds; round++) {
            Value baselineRound = workloads.python().call(workloads.get("call_soon_threadsafe_phases"), PHASE_FUTURES);
            Value javaRound = workloads.python().call(workloads.get("java_futures_phases"), batch, PHASE_FUTURES);
            if (round >= warmupRounds) {
                for (int phase = 0; phase < PHASES.size(); phase++) {
                    baseline.get(phase).add((double) baselineRound.getArrayElement(phase).asLong());
                    java.get(phase).add((double) javaRound.getArrayElement(phase).asLong());
                }
            }
        }
        System.out.printf("  bridge phases: %d warm-up and %d measured rounds of %,d futures each side, alternating%n",
                warmupRounds, measuredRounds, PHASE_FUTURES);
        List<Measurement> rows = new ArrayList<>();
        for (int phase = 0; phase < PHASES.size(); phase++) {
            String baselineName = "bridge/call-soon-threadsafe-100k-" + PHASES.get(phase);
            rows.add(phaseRow(baselineName, baselineName, baseline.get(phase)));
            rows.add(phaseRow("bridge/java-futures-100k-" + PHASES.get(phase), baselineName, java.get(phase)));
        }
        return rows;
    }

    private static Measurement phaseRow(String name, String baseline, List<Double> samples) {
        return new Measurement(name, "GraalPy", PHASE_UNIT, baseline, samples, List.of(), SideBySide.withinSpread(samples, 0.25), 0, 0);
    }

    /** p50 and p99 wake-up latency, in µs, Java completion against call_soon_threadsafe from a Python thread. */
    static List<Measurement> latency(Workloads workloads) throws InterruptedException {
        try (WakeProbe probe = new WakeProbe()) {
            Value clock = workloads.python().eval("lambda probe: probe.nanoTime").execute(probe);
            List<List<Double>> baseline = new ArrayList<>();
            List<List<Double>> java = new ArrayList<>();
            int warmupRounds = QuickRun.warmupRounds(LATENCY_WARMUP_ROUNDS);
            int measuredRounds = QuickRun.rounds(LATENCY_ROUNDS);
            for (int i = 0; i < warmupRounds + measuredRounds; i++) {
                List<Double> baselineRound = micros(workloads.python().call(workloads.get("threadsafe_wake_latencies"), clock, WAKE_UPS_PER_ROUND));
                List<Double> javaRound = micros(workloads.python().call(workloads.get("java_wake_latencies"), probe, WAKE_UPS_PER_ROUND));
                if (i >= warmupRounds) {
                    baseline.add(baselineRound);
                    java.add(javaRound);
                }
            }
            System.out.printf("  wake-up latency: %d warm-up and %d measured rounds of %d wake-ups each, alternating%n",
                    warmupRounds, measuredRounds, WAKE_UPS_PER_ROUND);
            return List.of(
                    percentileRow("bridge/call-soon-threadsafe-latency-p50", "bridge/call-soon-threadsafe-latency-p50", baseline, 50),
                    percentileRow("bridge/wake-latency-p50", "bridge/call-soon-threadsafe-latency-p50", java, 50),
                    percentileRow("bridge/call-soon-threadsafe-latency-p99", "bridge/call-soon-threadsafe-latency-p99", baseline, 99),
                    percentileRow("bridge/wake-latency-p99", "bridge/call-soon-threadsafe-latency-p99", java, 99));
        }
    }

    private static SideBySide.Case baseline(Workloads workloads, String name, int n) {
        return new SideBySide.Case(name, () -> n / (workloads.nanos("call_soon_threadsafe_gather", n, COMPLETER_THREADS) / 1e9),
                name + "-loop-cpu", () -> n / (workloads.nanos("loop_cpu_ns") / 1e9));
    }

    private static SideBySide.Case java(Workloads workloads, String name, String workload, FutureBatch batch, int n) {
        return new SideBySide.Case(name, () -> rate(workloads, workload, batch, n),
                name + "-loop-cpu", () -> n / (workloads.nanos("loop_cpu_ns") / 1e9));
    }

    private static double rate(Workloads workloads, String workload, FutureBatch batch, int n) {
        return n / (workloads.nanos(workload, batch, n) / 1e9);
    }

    private static List<Double> micros(Value nanos) {
        List<Double> micros = new ArrayList<>();
        for (long i = 0; i < nanos.getArraySize(); i++) {
            micros.add(nanos.getArrayElement(i).asLong() / 1_000.0);
        }
        return micros;
    }

    /**
     * One sample per round: that round's percentile. Warm-up here is a fixed number of rounds (a wake-up is dominated
     * by thread hand-over, not compiled code); "steady" means the rounds' percentiles lie within 25 % of their median.
     */
    private static Measurement percentileRow(String name, String baseline, List<List<Double>> rounds, int percent) {
        List<Double> samples = rounds.stream()
                .map(round -> Measurement.unwarmed(name, "GraalPy", "µs", baseline, round).percentile(percent))
                .toList();
        return new Measurement(name, "GraalPy", "µs", baseline, samples, List.of(), SideBySide.withinSpread(samples, 0.25), 0, 0);
    }
}
