package io.github.asyncgraalpy.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoubleSupplier;

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
    record Policy(int window, double spread, int maxWarmupPasses, Duration maxWarmup, int samples) {
        static final Policy DEFAULT = new Policy(4, 0.10, 40, Duration.ofSeconds(60), 10);

        Policy withSamples(int count) {
            return new Policy(window, spread, maxWarmupPasses, maxWarmup, count);
        }

        Policy withMaxWarmup(int passes, Duration time) {
            return new Policy(window, spread, passes, time, samples);
        }
    }

    private SideBySide() {}

    static List<Measurement> measure(String group, String unit, List<Case> cases, Policy policy, CompilationLog log, PrintStream progress) {
        return measure(group, unit, null, cases, policy, log, progress);
    }

    static List<Measurement> measure(String group, String unit, String companionUnit, List<Case> cases, Policy policy,
            CompilationLog log, PrintStream progress) {
        int count = cases.size();
        List<List<Double>> warmup = new ArrayList<>();
        cases.forEach(c -> warmup.add(new ArrayList<>()));
        List<Integer> deoptsPerPass = new ArrayList<>();
        log.poll();
        long warmupStart = System.nanoTime();
        boolean settled = false;
        while (!settled && deoptsPerPass.size() < policy.maxWarmupPasses()
                && System.nanoTime() - warmupStart < policy.maxWarmup().toNanos()) {
            for (int i = 0; i < count; i++) {
                warmup.get(i).add(cases.get(i).round().getAsDouble());
            }
            deoptsPerPass.add(log.poll().deoptimized());
            settled = settled(warmup, deoptsPerPass, policy);
        }
        progress.printf("  %s: %s after %d warm-up passes (%.0f s)%n", group, settled ? "settled" : "NOT settled (cap reached)",
                deoptsPerPass.size(), (System.nanoTime() - warmupStart) / 1e9);

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

    static boolean withinSpread(List<Double> values, double spread) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        return sorted.get(0) >= median * (1 - spread) && sorted.get(sorted.size() - 1) <= median * (1 + spread);
    }
}
