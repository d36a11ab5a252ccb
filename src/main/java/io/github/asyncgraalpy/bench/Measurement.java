package io.github.asyncgraalpy.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One case measured: rounds of {@code operations} operations, warm-up rounds until the cost per operation settles,
 * then the measured rounds. Only the measured rounds are reported; the warm-up count is reported beside them.
 *
 * @param name the case, e.g. {@code await/java-coroutine}
 * @param runtime where it ran: {@code GraalPy} or {@code CPython}
 * @param perOperationNanos the measured rounds' nanoseconds per operation
 * @param warmupRounds how many rounds it took to settle
 */
public record Measurement(String name, String runtime, List<Double> perOperationNanos, int warmupRounds) {

    /** A run counts as settled when the last {@value #SETTLED_WINDOW} rounds lie within this of their median. */
    static final double SETTLED_SPREAD = 0.05;
    static final int SETTLED_WINDOW = 3;
    static final int MAX_WARMUP_ROUNDS = 30;

    /** Warms {@code round} up until it settles (or {@value #MAX_WARMUP_ROUNDS} rounds), then measures {@code samples} rounds. */
    static Measurement measure(String name, String runtime, long operations, int samples, LongSupplier round) {
        List<Double> warmup = new ArrayList<>();
        while (warmup.size() < MAX_WARMUP_ROUNDS && !settled(warmup)) {
            warmup.add(round.getAsLong() / (double) operations);
        }
        List<Double> measured = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            measured.add(round.getAsLong() / (double) operations);
        }
        return new Measurement(name, runtime, measured, warmup.size());
    }

    static boolean settled(List<Double> rounds) {
        if (rounds.size() < SETTLED_WINDOW) {
            return false;
        }
        List<Double> last = new ArrayList<>(rounds.subList(rounds.size() - SETTLED_WINDOW, rounds.size()));
        Collections.sort(last);
        double median = last.get(SETTLED_WINDOW / 2);
        return last.get(0) >= median * (1 - SETTLED_SPREAD) && last.get(SETTLED_WINDOW - 1) <= median * (1 + SETTLED_SPREAD);
    }

    public double median() {
        return percentile(50);
    }

    public double percentile(int percent) {
        List<Double> sorted = new ArrayList<>(perOperationNanos);
        Collections.sort(sorted);
        int index = (int) Math.round((sorted.size() - 1) * percent / 100.0);
        return sorted.get(index);
    }
}
