package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void ratioTargetsCompareWithTheBaselineOfTheSameRuntime() {
        Results results = new Results(List.of(
                ns("await/native-async-def", "GraalPy", 100), ns("await/java-coroutine", "GraalPy", 330),
                ns("await/java-mycoroutine", "GraalPy", 140), ns("await/native-async-def", "CPython", 10)));
        Map<String, Targets.Verdict> verdicts = byCase(Targets.check(results));

        assertEquals(3.3, verdicts.get("await/java-coroutine").value(), 1e-9);
        assertFalse(verdicts.get("await/java-coroutine").met());
        assertEquals(3.3, verdicts.get("await/java-coroutine").factor(), 1e-9);
        assertTrue(verdicts.get("await/java-mycoroutine").met(), "1.4x is within 1.5x");
        assertEquals(2, verdicts.size(), "cases that were not run have no verdict");
        assertTrue(verdicts.get("await/java-coroutine").describe().startsWith("MISSED"), verdicts.get("await/java-coroutine").describe());
    }

    @Test
    void rateTargetsMustReachTheLimitAndAbsoluteOnesStayUnderIt() {
        Results results = new Results(List.of(
                rate("bridge/call-soon-threadsafe-100k", 100_000), rate("bridge/java-futures-100k", 50_000),
                Measurement.unwarmed("bridge/wake-latency-p50", "GraalPy", "µs", "x", List.of(80.0)),
                Measurement.unwarmed("startup/further-context", "GraalPy", "s", "startup/cpython", List.of(1.2))));
        Map<String, Targets.Verdict> verdicts = byCase(Targets.check(results));

        assertFalse(verdicts.get("bridge/java-futures-100k").met());
        assertEquals(2.4, verdicts.get("bridge/java-futures-100k").factor(), 1e-9, "half the baseline's rate is 2.4x off 1.2x");
        assertTrue(verdicts.get("bridge/wake-latency-p50").met());
        assertFalse(verdicts.get("startup/further-context").met());
        assertEquals(4.0, verdicts.get("startup/further-context").factor(), 1e-9, "1.2 s against 0.3 s");
    }

    private static Measurement ns(String name, String runtime, double median) {
        return Measurement.unwarmed(name, runtime, "ns per await", "await/native-async-def", List.of(median));
    }

    private static Measurement rate(String name, double median) {
        return Measurement.unwarmed(name, "GraalPy", "futures per second", "bridge/call-soon-threadsafe-100k", List.of(median));
    }

    private static Map<String, Targets.Verdict> byCase(List<Targets.Verdict> verdicts) {
        return verdicts.stream().collect(Collectors.toMap(v -> v.target().caseName(), Function.identity()));
    }
}
