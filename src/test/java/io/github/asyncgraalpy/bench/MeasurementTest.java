package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void percentilesAreNearestRank() {
        Measurement m = Measurement.unwarmed("case", "GraalPy", "µs", "case", List.of(5.0, 1.0, 4.0, 2.0, 3.0, 10.0, 9.0, 8.0, 7.0, 6.0));
        assertEquals(1.0, m.percentile(10));
        assertEquals(5.0, m.median());
        assertEquals(9.0, m.percentile(90));
        assertEquals(10.0, m.percentile(99));
    }

    @Test
    void ratesAreBetterHigherAndTimesLower() {
        assertTrue(Measurement.unwarmed("a", "GraalPy", "futures per second", "a", List.of(1.0)).higherIsBetter());
        assertFalse(Measurement.unwarmed("a", "GraalPy", "ns per await", "a", List.of(1.0)).higherIsBetter());
        assertTrue(Measurement.unwarmed("a", "GraalPy", "futures per loop-CPU second", "a", List.of(1.0)).higherIsBetter());
        assertFalse(Measurement.unwarmed("a", "GraalPy", "s", "a", List.of(1.0)).higherIsBetter());
    }

    @Test
    void aMeasurementWithoutSamplesIsRejected() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                () -> Measurement.unwarmed("await/none", "GraalPy", "ns per await", "await/none", List.of()));
        assertEquals("await/none: no samples", thrown.getMessage());
    }

    @Test
    void resultLinesCarryEveryFieldFromTheGroupsJvm() {
        Measurement m = new Measurement("await/java-coroutine", "GraalPy", "ns per await", "await/native-async-def",
                List.of(456.25, 460.0), List.of(9000.0, 470.5), false, 3, 1);
        assertEquals(List.of(m), ResultLines.read("# graalpy 3.12.8 (GraalVM CE)\n" + ResultLines.write(List.of(m))));
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> ResultLines.read("await/x\t1\n"));
        assertEquals("not a result line: await/x\t1", thrown.getMessage());
    }

    @Test
    void runsOfTheSameGroupAreMergedSampleBySample() {
        Measurement first = Measurement.unwarmed("startup/further-context", "GraalPy", "s", "startup/cpython", List.of(2.0, 2.5));
        Measurement second = Measurement.unwarmed("startup/further-context", "GraalPy", "s", "startup/cpython", List.of(3.0));
        assertEquals(List.of(2.0, 2.5, 3.0), Benchmarks.merge(List.of(List.of(first), List.of(second))).get(0).samples());
    }

    @Test
    void anUnknownGroupIsNamedWithTheOnesThatExist() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Benchmarks.selectedGroups("await,awiat"));
        assertEquals("no benchmark group awiat; there are [startup, startup-optimizing, memory, await, steps10, drive, bridge, loop-thread, streams, pool, pool-burst, net]", thrown.getMessage());
    }

    @Test
    void cpythonsOutputIsReadBack() {
        assertEquals(Map.of("await/native-async-def", List.of(9513600L, 9249008L), "drive/python-drives", List.of(25640528L)),
                CPythonWorkloads.parse("{\"await/native-async-def\": [9513600, 9249008], \"drive/python-drives\": [25640528]}"));
    }
}
