package io.github.asyncgraalpy.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One case measured: its steady-state samples and how it got there.
 *
 * @param name the case, e.g. {@code await/java-coroutine}
 * @param runtime where it ran: {@code GraalPy} or {@code CPython}
 * @param unit what a sample counts, e.g. {@code ns per await} or {@code futures per second}
 * @param baseline the case it is compared with, measured in the same run and JVM (its own name for a baseline)
 * @param samples the measured rounds, in {@code unit}; warm-up rounds are not among them
 * @param warmup the warm-up rounds, in {@code unit}, reported separately
 * @param steady true when warm-up ended because times and compilations settled (not at its cap) and nothing was
 *     deoptimized while the samples were taken
 * @param compilationsWhileMeasured compilations that finished while the samples were taken
 * @param deoptsWhileMeasured compiled code thrown away while the samples were taken
 */
public record Measurement(String name, String runtime, String unit, String baseline, List<Double> samples,
        List<Double> warmup, boolean steady, int compilationsWhileMeasured, int deoptsWhileMeasured) {

    public Measurement {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(name + ": no samples");
        }
        samples = List.copyOf(samples);
        warmup = List.copyOf(warmup);
    }

    /** A measurement whose rounds needed no warm-up detection: CPython's, and start-up, which happens once per process. */
    static Measurement unwarmed(String name, String runtime, String unit, String baseline, List<Double> samples) {
        return new Measurement(name, runtime, unit, baseline, samples, List.of(), true, 0, 0);
    }

    /** True for rates (more is better), false for times (less is better). */
    public boolean higherIsBetter() {
        return unit.matches(".* per (\\S+ )?second");
    }

    public double median() {
        return percentile(50);
    }

    /** The nearest-rank percentile of the samples. */
    public double percentile(int percent) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
