package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
    void theTableHasOneRowPerExampleAndExplainsDisagreements() {
        String table = ComparisonTable.render(List.of(
                compare(Outcome.unavailable("not installed"), Outcome.ok("a\n"), Outcome.ok("a\n")),
                new Comparison(new PairedExample("other", Path.of("other.py")), Map.of(
                        Column.GRAALPY_PYTHON, Outcome.ok("a\nb\n"), Column.GRAALPY_JAVA_TWIN, Outcome.failed("a\n", "ValueError", "ValueError: no")))));
        assertEquals(String.join("\n",
                "| example | CPython       | GraalPy (Python) | GraalPy (Java twin) | agree |",
                "| ------- | ------------- | ---------------- | ------------------- | ----- |",
                "| demo    | not installed | ok, 1 line       | ok, 1 line          | yes   |",
                "| other   | not run       | ok, 2 lines      | raised ValueError   | NO    |",
                "",
                "other differs:",
                "  line 2: GraalPy (Python) has 'b', GraalPy (Java twin) has '-- raised ValueError'",
                "  GraalPy (Java twin) raised ValueError:",
                "      ValueError: no",
                ""), table);
    }
}
