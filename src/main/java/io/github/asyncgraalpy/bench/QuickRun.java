package io.github.asyncgraalpy.bench;

import java.time.Duration;
import java.util.List;

/**
 * A quick run ({@code -Dbench.quick=true}): every group and every target in about ten minutes instead of about
 * twenty-seven, for a first answer after a change. What it gives up is {@link #GIVES_UP}: its ratios are early answers,
 * marked as such in the table and the JSON, and it writes beside the whole run's files, never over them.
 */
final class QuickRun {

    static final String PROPERTY = "bench.quick";
    /** Fresh JVMs per start-up mode: enough for a median and a spread, not for a steady one. */
    static final int STARTUP_RUNS = 2;
    /** Contexts built and closed by the memory group: a leak of 10 % per context still shows after 60. */
    static final int MEMORY_CYCLES = 60;
    static final int WARMUP_PASSES = 10;
    static final Duration WARMUP_CAP = Duration.ofSeconds(15);
    static final int SAMPLES = 3;

    /** What a quick run does not do that a whole one does, as the docs and the table say it. */
    static final List<String> GIVES_UP = List.of(
            "no group waits for quiet JIT compilers: warm-up ends when 3 passes agree within 25 % or after "
                    + WARMUP_PASSES + " passes or " + WARMUP_CAP.toSeconds() + " s",
            "at most " + SAMPLES + " measured passes per group instead of 10 to 40",
            STARTUP_RUNS + " fresh JVMs per start-up mode instead of 5",
            MEMORY_CYCLES + " contexts built and closed for the heap's growth instead of 200",
            "the net group's rounds 2,000 round trips and 16 MiB instead of 5,000 and 100 MiB, after 15 s of small passes"
                    + " instead of 45 (its 1,000 connections stay)");

    private QuickRun() {}

    static boolean asked() {
        return Boolean.getBoolean(PROPERTY);
    }

    /** A group's policy cut to a quick run's: no wait for quiet compilers, warm-up and samples capped. */
    static SideBySide.Policy of(SideBySide.Policy policy) {
        return new SideBySide.Policy(Math.min(policy.window(), 3), Math.max(policy.spread(), 0.25),
                Math.min(policy.maxWarmupPasses(), WARMUP_PASSES),
                policy.maxWarmup().compareTo(WARMUP_CAP) < 0 ? policy.maxWarmup() : WARMUP_CAP,
                Math.min(policy.samples(), SAMPLES), null);
    }
}
