package io.github.asyncgraalpy.bench;

import java.util.List;
import java.util.Optional;

/** A run's measurements, GraalPy's and CPython's, with each one's ratio to its baseline in the same runtime and run. */
record Results(List<Measurement> measurements) {

    Optional<Measurement> graalPy(String name) {
        return find(name, "GraalPy");
    }

    Optional<Measurement> find(String name, String runtime) {
        return measurements.stream().filter(m -> m.name().equals(name) && m.runtime().equals(runtime)).findFirst();
    }

    /**
     * The case against its baseline, the baseline taken from the same runtime; only start-up, whose baseline is
     * CPython's, looks in the other. NaN when the baseline was not measured (CPython not installed).
     *
     * <p>Cases measured side by side (same runtime, one sample of each per pass) are compared pass by pass: the median
     * of the passes' ratios. A pass the whole machine was slow in (the compiler finishing something, another process)
     * then moves both of its samples and not the ratio, where the ratio of two medians picks its two numbers from
     * different passes. Otherwise, the median over the baseline's median.
     */
    double ratio(Measurement measurement) {
        return find(measurement.baseline(), measurement.runtime())
                .or(() -> measurements.stream().filter(m -> m.name().equals(measurement.baseline())).findFirst())
                .map(baseline -> pairedSideBySide(measurement, baseline)
                        ? medianOfPassRatios(measurement, baseline)
                        : measurement.median() / baseline.median())
                .orElse(Double.NaN);
    }

    private static boolean pairedSideBySide(Measurement measurement, Measurement baseline) {
        return measurement.runtime().equals(baseline.runtime()) && measurement.samples().size() == baseline.samples().size();
    }

    private static double medianOfPassRatios(Measurement measurement, Measurement baseline) {
        List<Double> ratios = new java.util.ArrayList<>();
        for (int pass = 0; pass < measurement.samples().size(); pass++) {
            ratios.add(measurement.samples().get(pass) / baseline.samples().get(pass));
        }
        java.util.Collections.sort(ratios);
        int size = ratios.size();
        return size % 2 == 1 ? ratios.get(size / 2) : (ratios.get(size / 2 - 1) + ratios.get(size / 2)) / 2;
    }
}
