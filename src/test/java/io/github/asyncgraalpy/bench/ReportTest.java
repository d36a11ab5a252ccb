package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static Measurement graalPy(String name, String unit, String baseline, Double... samples) {
        return Measurement.unwarmed(name, "GraalPy", unit, baseline, List.of(samples));
    }

    @Test
    void theChartDrawsThePoolsScalingCurveAgainstOneContextWithTheCoresBusy() {
        Results results = new Results(List.of(
                graalPy("await/native-async-def", "ns per await", "await/native-async-def", 10.0),
                graalPy(PoolCases.caseName(1), "tasks per second", PoolCases.caseName(1), 400.0, 500.0, 450.0),
                graalPy(PoolCases.caseName(2), "tasks per second", PoolCases.caseName(1), 760.0, 950.0, 855.0),
                graalPy(PoolCases.caseName(1) + PoolCases.CORES_BUSY, "cores busy", PoolCases.caseName(1) + PoolCases.CORES_BUSY, 1.0, 1.0, 1.0),
                graalPy(PoolCases.caseName(2) + PoolCases.CORES_BUSY, "cores busy", PoolCases.caseName(1) + PoolCases.CORES_BUSY, 1.9, 1.9, 1.9)));
        String svg = Report.svg(results);
        assertTrue(svg.contains("pool: tasks per second against 1 context"), svg);
        assertTrue(svg.contains("GraalPy pool/2-contexts (855 tasks/s, 1.90 cores busy)"), svg);
        assertTrue(svg.contains(">1.90×</text>"), svg);
        assertTrue(svg.contains(">1.00×</text>"), svg);
        assertTrue(svg.contains("GraalPy await/native-async-def"), svg);
    }

    @Test
    void withoutThePoolGroupTheChartHasNoScalingCurve() {
        String svg = Report.svg(new Results(List.of(graalPy("await/native-async-def", "ns per await", "await/native-async-def", 10.0))));
        assertFalse(svg.contains("pool:"), svg);
    }
}
