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
     * Median over the baseline's median, the baseline taken from the same runtime; only start-up, whose baseline is
     * CPython's, looks in the other. NaN when the baseline was not measured (CPython not installed).
     */
    double ratio(Measurement measurement) {
        return find(measurement.baseline(), measurement.runtime())
                .or(() -> measurements.stream().filter(m -> m.name().equals(measurement.baseline())).findFirst())
                .map(baseline -> measurement.median() / baseline.median())
                .orElse(Double.NaN);
    }
}
