package io.github.asyncgraalpy.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A quick run ({@code -Dbench.quick=true}): every group and every target in about ten minutes instead of about
 * twenty-seven, for a first answer after a change. What it gives up is {@link #GIVES_UP}: its ratios are early answers,
 * marked as such in the table and the JSON, and it writes beside the whole run's files, never over them.
 */
final class QuickRun {

    static final String PROPERTY = "bench.quick";
    /** Fresh JVMs for the start-up mode's start-up, whose figures have targets: enough for a median and a spread, not for a steady one. */
    static final int STARTUP_RUNS = 2;
    /** Fresh JVMs for the optimizing runtime's start-up, which has no target: one, for its figures. */
    static final int OPTIMIZING_STARTUP_RUNS = 1;
    /** Contexts built and closed by the memory group: a leak of 10 % per context still shows after 60. */
    static final int MEMORY_CYCLES = 60;
    static final int WARMUP_PASSES = 10;
    static final Duration WARMUP_CAP = Duration.ofSeconds(15);
    static final int SAMPLES = 3;
    /** Warm-up rounds of the parts that take a fixed number of rounds (CPython's rows, case 4's phases and latency). */
    static final int WARMUP_ROUNDS = 2;

    /** What a quick run does not do that a whole one does, as the docs and the table say it. */
    static final List<String> GIVES_UP = List.of(
            "no group waits for quiet JIT compilers: warm-up ends when 3 passes agree within 25 % or after "
                    + WARMUP_PASSES + " passes or " + WARMUP_CAP.toSeconds() + " s",
            "at most " + SAMPLES + " measured passes per group instead of 10 to 40, and at most " + WARMUP_ROUNDS + " warm-up and "
                    + SAMPLES + " measured rounds of CPython's rows and of case 4's phases and wake-ups",
            STARTUP_RUNS + " fresh JVMs for the start-up mode's start-up and " + OPTIMIZING_STARTUP_RUNS
                    + " for the optimizing runtime's (no target) instead of 5 each",
            "one JVM for all the groups measured at steady state, each on an engine of its own, instead of a JVM each:"
                    + " the Graal compiler is compiled once, and the groups share the JVM's compiled Java code",
            MEMORY_CYCLES + " contexts built and closed for the heap's growth instead of 200",
            "the net group's rounds 2,000 round trips and 16 MiB instead of 5,000 and 100 MiB, after 15 s of small passes"
                    + " instead of 45; its 1,000 connections stay, timed in one round after the passes instead of in each");

    private QuickRun() {}

    static boolean asked() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** Measured rounds of a part that takes a fixed number of them: {@code whole}, a quick run at most {@link #SAMPLES}. */
    static int rounds(int whole) {
        return asked() ? Math.min(whole, SAMPLES) : whole;
    }

    /** Warm-up rounds of such a part: {@code whole}, a quick run at most {@link #WARMUP_ROUNDS}. */
    static int warmupRounds(int whole) {
        return asked() ? Math.min(whole, WARMUP_ROUNDS) : whole;
    }

    /** Fresh JVMs for a start-up group in a quick run. */
    static int startupRuns(Group group) {
        return group.mode == Group.JvmMode.OPTIMIZING ? OPTIMIZING_STARTUP_RUNS : STARTUP_RUNS;
    }

    /**
     * The JVMs the groups run in, in their order: a JVM each, except that a quick run puts consecutive groups
     * measured at steady state in the same mode into one JVM ({@link GroupMain} gives each an engine of its own, so
     * no group runs on another's compiled Python code). What they share is the JVM: the Graal compiler, which C2
     * compiles in a JVM's first minutes and which then serves every group; Java code the groups have in common,
     * compiled with the profile of the groups before; and the heap.
     */
    static List<List<Group>> oneJvm(List<Group> groups, boolean quick) {
        List<List<Group>> jvms = new ArrayList<>();
        for (Group group : groups) {
            List<Group> last = jvms.isEmpty() ? null : jvms.get(jvms.size() - 1);
            if (quick && last != null && sharesJvm(last.get(0), group)) {
                last.add(group);
            } else {
                jvms.add(new ArrayList<>(List.of(group)));
            }
        }
        return jvms;
    }

    private static boolean sharesJvm(Group one, Group other) {
        return !one.measuresStartup() && !other.measuresStartup() && one.mode == other.mode;
    }

    /** A group's policy cut to a quick run's: no wait for quiet compilers, warm-up and samples capped. */
    static SideBySide.Policy of(SideBySide.Policy policy) {
        return new SideBySide.Policy(Math.min(policy.window(), 3), Math.max(policy.spread(), 0.25),
                Math.min(policy.maxWarmupPasses(), WARMUP_PASSES),
                policy.maxWarmup().compareTo(WARMUP_CAP) < 0 ? policy.maxWarmup() : WARMUP_CAP,
                Math.min(policy.samples(), SAMPLES), null);
    }
}
