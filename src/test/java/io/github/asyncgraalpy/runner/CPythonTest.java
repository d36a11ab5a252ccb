package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class CPythonTest {

    @Test
    void anAbsentInterpreterIsReportedNotInstalled() {
        CPython missing = CPython.find("python3-that-does-not-exist");
        assertFalse(missing.available());
        Outcome outcome = missing.run(Path.of("any.py"));
        assertEquals(Outcome.Status.UNAVAILABLE, outcome.status());
        assertEquals("not installed", outcome.summary());
    }

    /**
     * A stand-in for an old interpreter (no real pypy): a shell script that answers {@code --version} as Python 3.9
     * does, and hands anything else to {@code python3}, so that it can run a pair when asked to whatever its version.
     */
    static Path oldPython(Path dir) throws Exception {
        Path fake = dir.resolve("python3.9");
        Files.writeString(fake, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'Python 3.9.18'; exit 0; fi\nexec python3 \"$@\"\n");
        assertTrue(fake.toFile().setExecutable(true));
        return fake;
    }

    @Test
    void anInstalledInterpreterOlderThanThePairsNeedSaysItsVersionInsteadOfNotInstalled(@TempDir Path dir) throws Exception {
        CPython old = CPython.find(oldPython(dir).toString());
        assertFalse(old.available());
        String why = "not used: Python 3.9.18, the pairs need 3.11+ (-Dpythons.anyVersion=true runs it)";
        assertEquals(java.util.Optional.of(why), old.whyNotUsed());
        assertEquals(Outcome.unavailable(why), old.run(Path.of("any.py")));
        assertEquals(why + ": that column is skipped", PairRunner.describeReference(old));
        assertEquals("not installed (python3-that-does-not-exist not on the PATH): that column is skipped",
                PairRunner.describeReference(CPython.find("python3-that-does-not-exist")));
        // The summary says it too.
        Comparison comparison = new Comparison(new PairedExample("demo", Path.of("demo.py")), java.util.Map.of(Column.CPYTHON, Outcome.ok("a\n"),
                Column.GRAALPY_PYTHON, Outcome.ok("a\n"), Column.GRAALPY_JAVA_TWIN, Outcome.ok("a\n"), Column.reference(old.executable()), old.run(Path.of("demo.py"))));
        assertTrue(ComparisonTable.timings(java.util.List.of(comparison)).contains(" not run: " + why + "\n"), ComparisonTable.timings(java.util.List.of(comparison)));
    }

    @Test
    void anOldInterpreterRunsWhenAskedToWhateverItsVersion(@TempDir Path dir) throws Exception {
        assumeTrue(CPython.find("python3").available(), "python3 3.11+ is not installed");
        CPython old = CPython.find(oldPython(dir).toString(), true);
        assertTrue(old.available());
        assertTrue(old.olderThanNeeded());
        assertEquals("Python 3.9.18 (" + old.executable() + "), older than the pairs need (3.11+): run as -Dpythons.anyVersion=true asks",
                PairRunner.describeReference(old));
        Path script = Files.writeString(dir.resolve("hello.py"), "print('hello')\n");
        assertEquals("hello\n", old.run(script).stdout());
        assertFalse(CPython.find("python3", true).olderThanNeeded());
    }

    /**
     * A launcher on the PATH (pyenv's shim is a shell script) is asked once which interpreter it starts, and the
     * scripts run in that interpreter: not a launcher's start per script.
     */
    @Test
    void aLauncherIsResolvedOnceToTheInterpreterItStarts(@TempDir Path dir) throws Exception {
        assumeTrue(CPython.find("python3").available(), "python3 3.11+ is not installed");
        Path starts = dir.resolve("starts.txt");
        Path launcher = dir.resolve("python3-launcher");
        Files.writeString(launcher, "#!/bin/sh\necho started >> '" + starts + "'\nexec python3 \"$@\"\n");
        assertTrue(launcher.toFile().setExecutable(true));
        CPython launched = CPython.find(launcher.toString());
        assertTrue(launched.available());
        assertEquals(launcher.toString(), launched.executable(), "the column keeps the name it was asked for");
        long startsToFindIt = Files.readAllLines(starts).size();
        Path script = Files.writeString(dir.resolve("hello.py"), "print('hello')\n");
        for (int run = 0; run < 3; run++) {
            assertEquals("hello\n", launched.run(script).stdout());
        }
        assertEquals(startsToFindIt, Files.readAllLines(starts).size(), "the runs did not go through the launcher");
    }

    @Test
    void theExceptionTypeIsTheTracebacksLastLine() {
        assertEquals("AssertionError", CPython.exceptionType("Traceback (most recent call last):\n  File \"x.py\"\nAssertionError\n"));
        assertEquals("asyncio.exceptions.CancelledError", CPython.exceptionType("Traceback\nasyncio.exceptions.CancelledError\n"));
        assertEquals("ValueError", CPython.exceptionType("Traceback\nValueError: a: b\n"));
        assertEquals("exit status", CPython.exceptionType(""));
    }

    @Test
    void aFailingScriptIsAFailureWithItsOutput(@TempDir Path dir) throws Exception {
        CPython cpython = CPython.find("python3");
        assumeTrue(cpython.available(), "python3 3.11+ is not installed");
        Path script = dir.resolve("fails.py");
        Files.writeString(script, "print('before')\nraise KeyError('k')\n");
        Outcome outcome = cpython.run(script);
        assertEquals(Outcome.Status.FAILED, outcome.status());
        assertEquals("KeyError", outcome.failure());
        assertEquals("before\n", outcome.stdout());
    }

    @Test
    void aScriptRunsAsPython3RunsItAndItsTimeIsTheScriptsAlone(@TempDir Path dir) throws Exception {
        CPython cpython = CPython.find("python3");
        assumeTrue(cpython.available(), "python3 3.11+ is not installed");
        Path script = dir.resolve("where.py");
        Files.writeString(script, String.join("\n",
                "import os, sys, time",
                "time.sleep(0.3)",
                "print(__name__, sys.argv, os.path.basename(__file__), sys.path[0] == os.path.dirname(os.path.abspath(__file__)))",
                ""));
        long started = System.nanoTime();
        Outcome outcome = cpython.run(script, java.util.List.of("an argument"), java.time.Duration.ofSeconds(60));
        java.time.Duration wall = java.time.Duration.ofNanos(System.nanoTime() - started);
        assertEquals("__main__ ['where.py', 'an argument'] where.py True\n", outcome.stdout(), outcome::detail);
        assertTrue(outcome.elapsed().toMillis() >= 300, "the script slept 0.3 s: " + outcome.elapsed());
        assertTrue(outcome.elapsed().compareTo(wall) < 0, "python3's start-up is not counted: " + outcome.elapsed() + " of " + wall);
    }
}
