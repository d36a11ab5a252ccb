package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsTest {

    private static Measurement graalPy(String name, String baseline, Double... samples) {
        return Measurement.unwarmed(name, "GraalPy", "futures per second", baseline, List.of(samples));
    }

    @Test
    void casesMeasuredSideBySideAreComparedPassByPass() {
        // Passes 2 and 4 were slow for both, pass 5 for the case alone: pass by pass the case is twice the baseline
        // four times out of five; the medians, taken from different passes, say they are equal.
        Measurement baseline = graalPy("base", "base", 100.0, 10.0, 100.0, 10.0, 100.0);
        Measurement twice = graalPy("case", "base", 200.0, 20.0, 200.0, 20.0, 100.0);
        Results results = new Results(List.of(baseline, twice));
        assertEquals(1.0, twice.median() / baseline.median(), 1e-9);
        assertEquals(2.0, results.ratio(twice), 1e-9);
        assertEquals(1.0, results.ratio(baseline), 1e-9);
    }

    @Test
    void anEvenNumberOfPassesTakesTheMiddleTwo() {
        Measurement baseline = graalPy("base", "base", 10.0, 10.0, 10.0, 10.0);
        Measurement other = graalPy("case", "base", 10.0, 20.0, 30.0, 40.0);
        assertEquals(2.5, new Results(List.of(baseline, other)).ratio(other), 1e-9);
    }

    @Test
    void aBaselineOfAnotherRuntimeOrSampleCountIsComparedByMedians() {
        Measurement cpython = Measurement.unwarmed("startup/cpython", "CPython", "s", "startup/cpython", List.of(0.1, 0.2, 0.3));
        Measurement first = Measurement.unwarmed("startup/first", "GraalPy", "s", "startup/cpython", List.of(2.0, 2.0, 2.0, 2.0, 2.0));
        assertEquals(10.0, new Results(List.of(cpython, first)).ratio(first), 1e-9);
        assertTrue(Double.isNaN(new Results(List.of(first)).ratio(first)), "no baseline measured: NaN");
    }
}
