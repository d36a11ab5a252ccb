package io.github.asyncgraalpy.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Measures a group of cases side by side in one JVM: every pass runs each case for one round, in turn, so that all
 * of them see the same compiled code, the same heap and the same machine load. The first case is the baseline.
 *
 * <p>Warm-up goes on pass after pass until, over the last {@link Policy#window()} passes, every case's rounds lie
 * within {@link Policy#spread()} of their median <em>and</em> the compilation log shows no deoptimisation (compiled
 * code thrown away: the on-stack-replacement deopt cycles of tight await loops); or until its cap. New compilations
 * finishing are allowed: on two cores the background compiler keeps finishing rarely used code for minutes, and a
 * compilation that changes a case's time shows in its rounds. Only then are the samples taken. A group that reached the cap, or whose code
 * was deoptimised while it was measured, is reported as not steady.
 *
 * <p>A group whose cases run on several cores at once needs those cores: its policy can also require the JIT compilers
 * to have (nearly) fallen idle ({@link QuietCompilers}) before warm-up ends, since until then they take a core of two.
 */
final class SideBySide {

    /**
     * One case: a round of it, returning the round's value in the group's unit; and optionally a companion figure the
     * same round also measured (read right after it), reported as a case of its own, {@code companionName}, in
     * {@code companionUnit}, against the baseline's companion.
     */
    record Case(String name, DoubleSupplier round, String companionName, DoubleSupplier companion) {
        Case(String name, DoubleSupplier round) {
            this(name, round, null, null);
        }
    }

    /**
     * @param window passes that must agree before warm-up ends
     * @param spread how far from their median the window's rounds may lie
     * @param maxWarmupPasses the cap on warm-up passes
     * @param maxWarmup the cap on warm-up time
     * @param samples measured passes
     */
    record Policy(int window, double spread, int maxWarmupPasses, Duration maxWarmup, int samples, QuietCompilers quietCompilers) {
        static final Policy DEFAULT = new Policy(4, 0.10, 40, Duration.ofSeconds(60), 10);

        Policy(int window, double spread, int maxWarmupPasses, Duration maxWarmup, int samples) {
            this(window, spread, maxWarmupPasses, maxWarmup, samples, null);
        }

        Policy withSamples(int count) {
            return new Policy(window, spread, maxWarmupPasses, maxWarmup, count, quietCompilers);
        }

        Policy withMaxWarmup(int passes, Duration time) {
            return new Policy(window, spread, passes, time, samples, quietCompilers);
        }

        Policy withQuietCompilers(QuietCompilers quiet) {
            return new Policy(window, spread, maxWarmupPasses, maxWarmup, samples, quiet);
        }

        /**
         * This policy waiting also for quiet compilers: 10 s at most 10 % of a core, with warm-up capped at
         * {@link #QUIET_WARMUP_CAP} (or its own time cap, if longer) instead of a number of passes.
         */
        Policy waitingForQuietCompilers() {
            return withMaxWarmup(Integer.MAX_VALUE, maxWarmup.compareTo(QUIET_WARMUP_CAP) > 0 ? maxWarmup : QUIET_WARMUP_CAP)
                    .withQuietCompilers(QuietCompilers.ofThisJvm(Duration.ofSeconds(10), 0.10));
        }

        /**
         * This policy; in a quick run ({@code -Dbench.quick=true}) {@link QuickRun#of its quick form}; or, when the
         * run asked for it ({@code -Dbench.quietCompilers=true}) and the policy does not wait for quiet compilers
         * already, {@link #waitingForQuietCompilers()}.
         */
        Policy forThisRun() {
            if (QuickRun.asked()) {
                return QuickRun.of(this);
            }
            if (quietCompilers != null || !Boolean.getBoolean(QUIET_COMPILERS_PROPERTY)) {
                return this;
            }
            return waitingForQuietCompilers();
        }
    }

    /** Asks every group to wait for quiet compilers before it measures. */
    static final String QUIET_COMPILERS_PROPERTY = "bench.quietCompilers";
    /** Two such warm-ups (the bridge group has two side-by-side parts) and the rest of a group fit its 8 minutes. */
    static final Duration QUIET_WARMUP_CAP = Duration.ofSeconds(150);

    /**
     * Warm-up also waits until, over its last {@code window}, the JIT compilers used at most {@code share} of one
     * core, as {@code compilerNanos} (cumulative compiler time) tells.
     */
    record QuietCompilers(Duration window, double share, LongSupplier compilerNanos) {
        static QuietCompilers ofThisJvm(Duration window, double share) {
            return new QuietCompilers(window, share, new CompilerLoad()::nanosSoFar);
        }
    }

    private SideBySide() {}

    static List<Measurement> measure(String group, String unit, List<Case> cases, Policy policy, CompilationLog log, PrintStream progress) {
        return measure(group, unit, null, cases, policy, log, progress);
    }

    static List<Measurement> measure(String group, String unit, String companionUnit, List<Case> cases, Policy asked,
            CompilationLog log, PrintStream progress) {
        Policy policy = asked.forThisRun();
        int count = cases.size();
        List<List<Double>> warmup = new ArrayList<>();
        cases.forEach(c -> warmup.add(new ArrayList<>()));
        List<Integer> deoptsPerPass = new ArrayList<>();
        List<CompilerSample> compilerSamples = new ArrayList<>();
        log.poll();
        long warmupStart = System.nanoTime();
        sampleCompilers(policy, compilerSamples);
        boolean settled = false;
        while (!settled && deoptsPerPass.size() < policy.maxWarmupPasses()
                && System.nanoTime() - warmupStart < policy.maxWarmup().toNanos()) {
            for (int i = 0; i < count; i++) {
                warmup.get(i).add(cases.get(i).round().getAsDouble());
            }
            deoptsPerPass.add(log.poll().deoptimized());
            sampleCompilers(policy, compilerSamples);
            settled = settled(warmup, deoptsPerPass, policy) && compilersQuiet(compilerSamples, policy);
        }
        progress.printf("  %s: %s after %d warm-up passes (%.0f s)%s%n", group, settled ? "settled" : "NOT settled (cap reached)",
                deoptsPerPass.size(), (System.nanoTime() - warmupStart) / 1e9, compilerShare(compilerSamples, policy));

        List<List<Double>> samples = new ArrayList<>();
        List<List<Double>> companions = new ArrayList<>();
        cases.forEach(c -> {
            samples.add(new ArrayList<>());
            companions.add(new ArrayList<>());
        });
        CompilationLog.Events whileMeasured = CompilationLog.Events.NONE;
        for (int pass = 0; pass < policy.samples(); pass++) {
            for (int i = 0; i < count; i++) {
                samples.get(i).add(cases.get(i).round().getAsDouble());
                if (cases.get(i).companion() != null) {
                    companions.get(i).add(cases.get(i).companion().getAsDouble());
                }
            }
            whileMeasured = whileMeasured.plus(log.poll());
        }
        if (whileMeasured.deoptimized() > 0) {
            progress.printf("  %s: %d deoptimisations while measuring: %s%n", group, whileMeasured.deoptimized(),
                    String.join(", ", whileMeasured.deoptimizedTargets()));
        }
        List<Measurement> measured = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            measured.add(new Measurement(cases.get(i).name(), "GraalPy", unit, cases.get(0).name(), samples.get(i), warmup.get(i),
                    settled && whileMeasured.deoptimized() == 0, whileMeasured.compiled(), whileMeasured.deoptimized()));
        }
        for (int i = 0; i < count; i++) {
            if (cases.get(i).companion() != null) {
                measured.add(new Measurement(cases.get(i).companionName(), "GraalPy", companionUnit, cases.get(0).companionName(),
                        companions.get(i), List.of(), settled && whileMeasured.deoptimized() == 0, whileMeasured.compiled(),
                        whileMeasured.deoptimized()));
            }
        }
        return measured;
    }

    static boolean settled(List<List<Double>> rounds, List<Integer> deoptsPerPass, Policy policy) {
        int passes = deoptsPerPass.size();
        if (passes < policy.window()) {
            return false;
        }
        if (deoptsPerPass.subList(passes - policy.window(), passes).stream().anyMatch(deopts -> deopts > 0)) {
            return false;
        }
        return rounds.stream().allMatch(caseRounds -> withinSpread(caseRounds.subList(passes - policy.window(), passes), policy.spread()));
    }

    /** Cumulative compiler time at a moment of warm-up. */
    record CompilerSample(long atNanos, long compilerNanos) {}

    private static void sampleCompilers(Policy policy, List<CompilerSample> samples) {
        if (policy.quietCompilers() != null) {
            samples.add(new CompilerSample(System.nanoTime(), policy.quietCompilers().compilerNanos().getAsLong()));
        }
    }

    /**
     * Whether the compilers used at most the policy's share of a core over its window, measured from the latest
     * sample back to the newest one at least a window older; a warm-up shorter than the window is not quiet yet.
     */
    static boolean compilersQuiet(List<CompilerSample> samples, Policy policy) {
        if (policy.quietCompilers() == null) {
            return true;
        }
        double share = shareOverWindow(samples, policy.quietCompilers().window());
        return share >= 0 && share <= policy.quietCompilers().share();
    }

    /** The compilers' share of a core over the last {@code window} of samples; -1 if the samples span less. */
    static double shareOverWindow(List<CompilerSample> samples, Duration window) {
        if (samples.isEmpty()) {
            return -1;
        }
        CompilerSample last = samples.get(samples.size() - 1);
        for (int i = samples.size() - 2; i >= 0; i--) {
            CompilerSample earlier = samples.get(i);
            if (last.atNanos() - earlier.atNanos() >= window.toNanos()) {
                return (last.compilerNanos() - earlier.compilerNanos()) / (double) (last.atNanos() - earlier.atNanos());
            }
        }
        return -1;
    }

    private static String compilerShare(List<CompilerSample> samples, Policy policy) {
        if (policy.quietCompilers() == null) {
            return "";
        }
        double share = shareOverWindow(samples, policy.quietCompilers().window());
        return share < 0 ? ", compilers not yet watched for a whole window"
                : String.format(", compilers at %.0f%% of a core over the last %s", share * 100, readable(policy.quietCompilers().window()));
    }

    private static String readable(Duration duration) {
        return duration.toMillis() < 1_000 ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
    }

    static boolean withinSpread(List<Double> values, double spread) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        return sorted.get(0) >= median * (1 - spread) && sorted.get(sorted.size() - 1) <= median * (1 + spread);
    }
}
