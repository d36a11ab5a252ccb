package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved report read back ({@code -Dcompare.to}), and each cell of this run against it: the runner's own JSON with
 * samples, an older report with one time per cell, and files that are no report, each a clear error. No GraalPy:
 * the comparisons are made of outcomes, as {@link ComparisonTest}'s are.
 */
class SavedRunTest {

    private static final Reports.Run RUN = new Reports.Run("3.12.8 (GraalPy 25.0.3)", "Python 3.11.7 (python3)", Map.of(), "interpreted", 3);

    private static SavedRun saved(Path dir, String json) throws Exception {
        return SavedRun.read(Files.writeString(dir.resolve("report.json"), json));
    }

    /** {@link ComparisonTest#repeated}'s pair with its script's runs at these times and printing this. */
    private static Comparison withScript(String stdout, long... millis) {
        return Comparison.ofRuns(new PairedExample("demo", Path.of("demo.py")), Map.of(Column.CPYTHON, ComparisonTest.runs(100, 104, 108),
                Column.GRAALPY_PYTHON, java.util.Arrays.stream(millis).mapToObj(ms -> Outcome.ok(stdout).timed(Duration.ofMillis(ms))).toList(),
                Column.GRAALPY_JAVA_TWIN, ComparisonTest.runs(90, 130, 110)));
    }

    @Test
    void aReportOfTheRunnersOwnReadsBackWithItsSamples(@TempDir Path dir) throws Exception {
        SavedRun saved = saved(dir, Reports.json(RUN, List.of(ComparisonTest.repeated("demo"))));
        SavedRun.Cell cell = saved.cell("demo", Column.GRAALPY_PYTHON).orElseThrow();
        assertEquals(List.of(0.3, 0.32, 0.31), java.util.Arrays.stream(cell.samples()).boxed().toList());
        assertEquals("a\n", cell.outcome().stdout());
        assertTrue(saved.describe().matches(".*report\\.json \\(\\d{4}-\\d\\d-\\d\\dT[\\d:]+Z, 3 runs per cell, Java .*, \\d+ cores\\)"), saved.describe());
        assertTrue(saved.cell("demo", Column.reference("pypy3")).isEmpty());
        assertTrue(saved.cell("other", Column.CPYTHON).isEmpty());
    }

    @Test
    void eachCellIsFasterSlowerOrNotSignificantAgainstTheSavedOne(@TempDir Path dir) throws Exception {
        SavedRun saved = saved(dir, Reports.json(RUN, List.of(ComparisonTest.repeated("demo"))));
        // Saved 300, 320, 310 ms. scipy.stats.ttest_ind(equal_var=False): against 600, 640, 620 t 24.01, p 0.00018; against
        // 150, 160, 155 t -24.01, p 0.00018; against 290, 330, 305 t -0.13, p 0.91.
        assertEquals("slower 2.00x", saved.change(withScript("a\n", 600, 640, 620), Column.GRAALPY_PYTHON).text());
        assertEquals("faster 0.50x", saved.change(withScript("a\n", 150, 160, 155), Column.GRAALPY_PYTHON).text());
        SavedRun.Change same = saved.change(withScript("a\n", 290, 330, 305), Column.GRAALPY_PYTHON);
        assertEquals("not significant (0.98x)", same.text());
        assertFalse(same.resultChanged());
        SavedRun.Change changed = saved.change(withScript("b\n", 300, 320, 310), Column.GRAALPY_PYTHON);
        assertEquals("not significant (1.00x), result changed", changed.text());
        assertTrue(changed.resultChanged());
        assertEquals("not in the saved run", saved.change(ComparisonTest.repeated("renamed"), Column.CPYTHON).text());
    }

    @Test
    void anOlderReportWithoutSamplesComparesAsOneRun(@TempDir Path dir) throws Exception {
        // The format before samples: one "seconds" per cell, no "run".
        SavedRun saved = saved(dir, """
                {"graalpy": "3.12.8", "cpython": "Python 3.11.7 (python3)", "allAgree": true, "columns": ["CPython"],
                 "pairs": [{"name": "demo", "agree": true, "differences": [], "cells": {
                   "CPython": {"status": "OK", "summary": "ok, 1 line", "seconds": 0.104, "differs": false, "failure": "", "stdout": "a\\n", "detail": ""},
                   "GraalPy (Python)": {"status": "OK", "summary": "ok, 1 line", "seconds": 0.300, "differs": false, "failure": "", "stdout": "a\\n", "detail": ""},
                   "GraalPy (Java twin)": {"status": "UNAVAILABLE", "summary": "x", "seconds": 0.000, "differs": false, "failure": "", "stdout": "", "detail": "x"}}}]}
                """);
        assertTrue(saved.describe().endsWith("(a report without samples: one time per cell)"), saved.describe());
        Comparison now = ComparisonTest.repeated("demo");
        assertEquals("not significant: n=1 (1.03x)", saved.change(now, Column.GRAALPY_PYTHON).text());
        assertEquals("not significant: n=1 (1.00x)", saved.change(now, Column.CPYTHON).text());
        assertEquals("not run in the saved run", saved.change(now, Column.GRAALPY_JAVA_TWIN).text());
        assertEquals(String.join("\n",
                "Against the saved run " + dir.resolve("report.json") + " (a report without samples: one time per cell), each cell's median over the saved one's (Welch's t-test, 95 %):",
                "| against the saved run | CPython                      | GraalPy (Python)             | GraalPy (Java twin)      |",
                "| --------------------- | ---------------------------- | ---------------------------- | ------------------------ |",
                "| demo                  | not significant: n=1 (1.00x) | not significant: n=1 (1.03x) | not run in the saved run |",
                ""), ComparisonTable.versusSaved(List.of(now), saved));
    }

    @Test
    void aMalformedFileIsAClearErrorSayingWhere(@TempDir Path dir) {
        SavedRun.Unusable error = assertThrows(SavedRun.Unusable.class, () -> saved(dir, "{\"pairs\": [\n  {\"name\": \"demo\",, }]}"));
        assertEquals("cannot compare with " + dir.resolve("report.json") + ": it is not JSON (line 2, column 19: expected a member's name in quotes, found ',')",
                error.getMessage());
        error = assertThrows(SavedRun.Unusable.class, () -> saved(dir, "{\"pairs\": [{\"name\": \"demo\", \"cells\": {\"CPython\": {\"status\": \"FINE\"}}}]}"));
        assertEquals("cannot compare with " + dir.resolve("report.json") + ": it is not a runner's report.json (demo / CPython's \"status\" is FINE,"
                + " not OK, FAILED or UNAVAILABLE)", error.getMessage());
        error = assertThrows(SavedRun.Unusable.class, () -> saved(dir, "[1, 2]"));
        assertEquals("cannot compare with " + dir.resolve("report.json") + ": it is not a runner's report.json (the report is not an object)", error.getMessage());
        error = assertThrows(SavedRun.Unusable.class, () -> saved(dir, "{\"columns\": []}"));
        assertTrue(error.getMessage().endsWith("(\"pairs\" is missing)"), error.getMessage());
    }

    @Test
    void aMissingFileIsAClearError(@TempDir Path dir) {
        SavedRun.Unusable error = assertThrows(SavedRun.Unusable.class, () -> SavedRun.read(dir.resolve("old").resolve("report.json")));
        assertTrue(error.getMessage().startsWith("cannot compare with " + dir.resolve("old").resolve("report.json") + ": it cannot be read ("
                + "java.nio.file.NoSuchFileException"), error.getMessage());
    }

    @Test
    void theJsonReaderReadsWhatJsonHolds() throws Exception {
        assertEquals(Map.of("a", List.of(1.0, -2.5e3, true, false, "x\"\n\u00e9/"), "b", Map.of()),
                JsonReader.parse(" {\"a\": [1, -2.5e3, true, false, \"x\\\"\\n\\u00e9\\/\"], \"b\": {}} "));
        assertEquals(java.util.Arrays.asList(null, "") , JsonReader.parse("[null, \"\"]"));
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.parse("[1] 2"));
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.parse("[01]"));
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.parse("\"open"));
        assertThrows(JsonReader.Malformed.class, () -> JsonReader.parse(""));
    }
}
