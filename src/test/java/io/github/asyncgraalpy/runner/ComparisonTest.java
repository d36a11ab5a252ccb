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
                "1 run per cell: no significance test (-Drepeat=N, N >= 2, runs each cell N times)",
                ""), timings);
    }

    /** Runs that printed {@code a} and took these many milliseconds each. */
    static List<Outcome> runs(long... millis) {
        return java.util.Arrays.stream(millis).mapToObj(ms -> Outcome.ok("a\n").timed(Duration.ofMillis(ms))).toList();
    }

    /**
     * Three runs a cell: CPython 100-108 ms; the script clearly slower, 300-320 ms (Welch: t 33.13, p 0.00016 by
     * scipy.stats.ttest_ind(equal_var=False)); the twin overlapping CPython's, 90-130 ms (t 0.51, p 0.66).
     */
    static Comparison repeated(String name) {
        return Comparison.ofRuns(new PairedExample(name, Path.of(name + ".py")), Map.of(Column.CPYTHON, runs(100, 104, 108),
                Column.GRAALPY_PYTHON, runs(300, 320, 310), Column.GRAALPY_JAVA_TWIN, runs(90, 130, 110)));
    }

    @Test
    void repeatedRunsShowTheMedianTheRangeAndTheRatioWithItsSignificance() {
        Comparison comparison = repeated("demo");
        assertEquals(3, comparison.repeats());
        assertEquals("ok, 1 line, 0.10 s (0.10-0.11)", comparison.cell(Column.CPYTHON));
        // medians 310 / 104 ms = 2.98x, significant; 110 / 104 = 1.06x, not
        assertEquals("ok, 1 line, 0.31 s (0.30-0.32), 2.98x", comparison.cell(Column.GRAALPY_PYTHON));
        assertEquals("ok, 1 line, 0.11 s (0.09-0.13), 1.06x not significant", comparison.cell(Column.GRAALPY_JAVA_TWIN));
        assertEquals(Duration.ofMillis(310), comparison.outcome(Column.GRAALPY_PYTHON).elapsed(), "the cell's time is its median");
        assertEquals(List.of(0.3, 0.32, 0.31), java.util.Arrays.stream(comparison.seconds(Column.GRAALPY_PYTHON)).boxed().toList());
        assertEquals("ok, 1 line, 0.31 s", compare(Outcome.ok("a\n"), Outcome.ok("a\n").timed(Duration.ofMillis(310)), Outcome.ok("a\n")).cell(Column.GRAALPY_PYTHON),
                "one run: the cell as it always was");
    }

    @Test
    void aRepeatThatPartsFromTheFirstRunIsTheOneTheCellShows() {
        Comparison comparison = Comparison.ofRuns(EXAMPLE, Map.of(Column.CPYTHON, runs(100, 100),
                Column.GRAALPY_PYTHON, List.of(Outcome.ok("a\n"), Outcome.ok("b\n")), Column.GRAALPY_JAVA_TWIN, runs(100, 100)));
        assertEquals("b\n", comparison.outcome(Column.GRAALPY_PYTHON).stdout());
        assertFalse(comparison.agree());
    }

    @Test
    void theSummaryGivesTheGeometricMeanOfTheSignificantRatiosPerColumn() {
        // A second pair where the script is clearly faster: medians 102 / 205 ms = 0.4976x (Welch: t -31.77, p 0.00008).
        Comparison faster = Comparison.ofRuns(new PairedExample("faster", Path.of("faster.py")), Map.of(Column.CPYTHON, runs(200, 210, 205),
                Column.GRAALPY_PYTHON, runs(100, 105, 102), Column.GRAALPY_JAVA_TWIN, runs(200, 212, 206)));
        String timings = ComparisonTable.timings(List.of(repeated("slower"), faster));
        // statistics.geometric_mean([310 / 104, 102 / 205]) = 1.2178318629963172
        assertEquals(String.join("\n",
                "Time per column (the scripts alone: not a GraalPy context's start-up, which happens ahead, nor python3's; each cell the median of 3 runs):",
                "  CPython              0.31 s",
                "  GraalPy (Python)     0.41 s   1.33x CPython's; per pair: 2 significant, geometric mean 1.22x",
                "  GraalPy (Java twin)  0.32 s   1.02x CPython's; per pair: none significant; 2 not significant",
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
