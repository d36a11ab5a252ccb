package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final PairedExample EXAMPLE = new PairedExample("demo", Path.of("demo.py"));

    private static Comparison compare(Outcome cpython, Outcome python, Outcome twin) {
        return new Comparison(EXAMPLE, Map.of(Column.CPYTHON, cpython, Column.GRAALPY_PYTHON, python, Column.GRAALPY_JAVA_TWIN, twin));
    }

    @Test
    void sameOutputAfterNormalisingAgrees() {
        Comparison comparison = compare(Outcome.ok("x at 0x1234\n"), Outcome.ok("x at 0xbeef\n"), Outcome.ok("x at 0x1\r\n"));
        assertTrue(comparison.agree());
        assertEquals(List.of(), comparison.differences());
    }

    @Test
    void aMissingCPythonDoesNotDecide() {
        assertTrue(compare(Outcome.unavailable("not installed"), Outcome.ok("a\n"), Outcome.ok("a\n")).agree());
        assertFalse(compare(Outcome.unavailable("not installed"), Outcome.ok("a\n"), Outcome.ok("b\n")).agree());
    }

    @Test
    void aDifferentLineIsNamedWithBothSides() {
        Comparison comparison = compare(Outcome.ok("same\nfrom python\n"), Outcome.ok("same\nfrom python\n"), Outcome.ok("same\nfrom java\n"));
        assertFalse(comparison.agree());
        assertEquals(List.of("line 2: CPython has 'from python', GraalPy (Java twin) has 'from java'"), comparison.differences());
    }

    @Test
    void identicalFailuresStillDoNotAgreeBecauseEveryScriptEndsInItsChecks() {
        Outcome failed = Outcome.failed("", "AssertionError", "Traceback ...\nAssertionError");
        Comparison comparison = compare(failed, failed, failed);
        assertFalse(comparison.agree());
        assertEquals(3, comparison.differences().size());
        assertTrue(comparison.differences().get(0).startsWith("CPython raised AssertionError:\n    Traceback ..."),
                comparison.differences().get(0));
    }

    @Test
    void failureTypesAreComparedWithoutTheirModule() {
        assertEquals("CancelledError", Outcome.failed("", "asyncio.exceptions.CancelledError", "").failure());
    }

    @Test
    void bothGraalPyColumnsAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new Comparison(EXAMPLE, Map.of(Column.CPYTHON, Outcome.ok(""))));
    }

    @Test
    void theTableHasOneRowPerExampleWithTimesAndExplainsDisagreements() {
        String table = ComparisonTable.render(List.of(
                compare(Outcome.unavailable("not installed"), Outcome.ok("a\n").timed(Duration.ofMillis(410)),
                        Outcome.ok("a\n").timed(Duration.ofMillis(12_345))),
                new Comparison(new PairedExample("other", Path.of("other.py")), Map.of(
                        Column.GRAALPY_PYTHON, Outcome.ok("a\nb\n"), Column.GRAALPY_JAVA_TWIN, Outcome.failed("a\n", "ValueError", "ValueError: no")))));
        assertEquals(String.join("\n",
                "| example | CPython       | GraalPy (Python)    | GraalPy (Java twin)       | agree |",
                "| ------- | ------------- | ------------------- | ------------------------- | ----- |",
                "| demo    | not installed | ok, 1 line, 0.41 s  | ok, 1 line, 12.3 s        | yes   |",
                "| other   | not run       | ok, 2 lines, 0.00 s | raised ValueError, 0.00 s | NO    |",
                "",
                "other differs:",
                "  line 2: GraalPy (Python) has 'b', GraalPy (Java twin) has '-- raised ValueError'",
                "  GraalPy (Java twin) raised ValueError:",
                "      ValueError: no",
                ""), table);
    }

    @Test
    void theTimesAreTotalledPerColumnWithTheirRatioToCPythonOverThePairsBothRan() {
        String timings = ComparisonTable.timings(List.of(
                compare(Outcome.ok("a\n").timed(Duration.ofMillis(100)), Outcome.ok("a\n").timed(Duration.ofMillis(300)),
                        Outcome.ok("a\n").timed(Duration.ofMillis(50))),
                compare(Outcome.unavailable("not installed"), Outcome.ok("a\n").timed(Duration.ofMillis(1000)),
                        Outcome.ok("a\n").timed(Duration.ofMillis(1000)))));
        assertEquals(String.join("\n",
                "Time per column (the scripts alone: not a GraalPy context's start-up, which happens ahead, nor python3's):",
                "  CPython              0.10 s",
                "  GraalPy (Python)     1.30 s   3.00x CPython's",
                "  GraalPy (Java twin)  1.05 s   0.50x CPython's",
                ""), timings);
    }

    @Test
    void aColumnDiffersWhenItRaisesOrPartsFromTheFirstAvailableColumn() {
        Comparison comparison = compare(Outcome.unavailable("not installed"), Outcome.ok("a\n"), Outcome.ok("b\n"));
        assertFalse(comparison.differs(Column.CPYTHON), "a column that did not run differs from nothing");
        assertFalse(comparison.differs(Column.GRAALPY_PYTHON), "the reference");
        assertTrue(comparison.differs(Column.GRAALPY_JAVA_TWIN));
        assertTrue(compare(Outcome.ok("a\n"), Outcome.ok("a\n"), Outcome.failed("a\n", "ValueError", "")).differs(Column.GRAALPY_JAVA_TWIN));
    }

    @Test
    void furtherInterpretersAreColumnsAfterTheThreeAndTheirOutputCountsToo() {
        Column pypy = Column.reference("pypy3");
        Column missing = Column.reference("python3.13");
        Comparison agreeing = new Comparison(EXAMPLE, Map.of(pypy, Outcome.ok("a\n"), missing, Outcome.unavailable("not installed"),
                Column.CPYTHON, Outcome.ok("a\n"), Column.GRAALPY_PYTHON, Outcome.ok("a\n"), Column.GRAALPY_JAVA_TWIN, Outcome.ok("a\n")));
        assertEquals(List.of(Column.CPYTHON, Column.GRAALPY_PYTHON, Column.GRAALPY_JAVA_TWIN, pypy, missing), agreeing.columns());
        assertTrue(agreeing.agree(), "an interpreter that is not installed decides nothing");
        Comparison parting = new Comparison(EXAMPLE, Map.of(pypy, Outcome.ok("b\n"),
                Column.CPYTHON, Outcome.ok("a\n"), Column.GRAALPY_PYTHON, Outcome.ok("a\n"), Column.GRAALPY_JAVA_TWIN, Outcome.ok("a\n")));
        assertFalse(parting.agree());
        assertTrue(parting.differs(pypy));
        assertTrue(ComparisonTable.render(List.of(agreeing)).startsWith(
                "| example | CPython            | GraalPy (Python)   | GraalPy (Java twin) | pypy3              | python3.13    | agree |"),
                ComparisonTable.render(List.of(agreeing)));
    }
}
