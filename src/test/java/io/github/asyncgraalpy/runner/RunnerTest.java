package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The main job's two modes and their exit statuses. */
@Timeout(180)
class RunnerTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final ScriptCommand runner = new ScriptCommand(new PrintStream(console, true, StandardCharsets.UTF_8));
    private final PairRunner pairs = new PairRunner(new PrintStream(console, true, StandardCharsets.UTF_8));

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
    /** Runners whose errors (not scripts' tracebacks) the test reads: what a refused run says. */
    private final ScriptCommand withErrors = new ScriptCommand(new PrintStream(console, true, StandardCharsets.UTF_8),
            new PrintStream(errors, true, StandardCharsets.UTF_8), TimeLimit.DEFAULT);
    private final PairRunner pairsWithErrors = new PairRunner(new PrintStream(console, true, StandardCharsets.UTF_8),
            new PrintStream(errors, true, StandardCharsets.UTF_8), TimeLimit.DEFAULT);

    private String console() {
        return console.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return errors.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aScriptThatFinishesExitsZeroWithItsOutput(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("hello.py");
        Files.writeString(script, "import asyncio\nasync def main():\n    print('hello from', __name__)\nasyncio.run(main())\n");
        assertEquals(0, runner.runScript(script));
        assertEquals("hello from __main__\n", console());
    }

    @Test
    void anUncaughtPythonExceptionExitsOne(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("raises.py");
        Files.writeString(script, "print('partial')\nraise RuntimeError('boom')\n");
        assertEquals(1, runner.runScript(script));
        assertEquals("partial\n", console());
    }

    @Test
    void sysExitSetsTheStatusAsInPython(@TempDir Path dir) throws Exception {
        Path four = dir.resolve("four.py");
        Files.writeString(four, "import sys\nprint('bye')\nsys.exit(4)\n");
        assertEquals(4, runner.runScript(four));
        assertEquals("bye\n", console());
        Path plain = dir.resolve("plain.py");
        Files.writeString(plain, "import sys\nsys.exit()\n");
        assertEquals(0, runner.runScript(plain));
        Path message = dir.resolve("message.py");
        Files.writeString(message, "raise SystemExit('stopped: no input')\n");
        assertEquals(1, runner.runScript(message));
    }

    @Test
    void scriptRunsInOneJvmDoNotSeeEachOther(@TempDir Path dir) throws Exception {
        assertEquals(0, runner.runScript(GraalPyColumnsTest.poison(dir)));
        console.reset();
        assertEquals(0, runner.runScript(GraalPyColumnsTest.coroutineRemake(dir)));
        assertEquals(GraalPyColumnsTest.EXPECTED, console());
    }

    /** An echo server and its client in one script over loopback: as a new user runs it, with -Dnetwork and without. */
    private static final String LOOPBACK_ECHO = String.join("\n",
            "import asyncio",
            "async def main():",
            "    async def echo(reader, writer):",
            "        writer.write(await reader.readline())",
            "        await writer.drain()",
            "        writer.close()",
            "    server = await asyncio.start_server(echo, '127.0.0.1', 0)",
            "    reader, writer = await asyncio.open_connection('127.0.0.1', server.sockets[0].getsockname()[1])",
            "    writer.write(b'hello\\n')",
            "    print((await reader.readline()).decode().strip())",
            "    writer.close()",
            "    server.close()",
            "    await server.wait_closed()",
            "asyncio.run(main())",
            "");

    @Test
    void aScriptGetsTheNetworkDnetworkGrantsAndNoneWithout(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("echo.py"), LOOPBACK_ECHO);
        ScriptCommand granted = new ScriptCommand(new PrintStream(console, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), TimeLimit.DEFAULT, NetworkGrant.parse("127.0.0.1"));
        assertEquals(0, granted.runScript(script), () -> "stderr: " + errors());
        assertEquals("hello\n", console());
        assertEquals(1, withErrors.runScript(script));
        assertTrue(lastLine(errors()).startsWith("PermissionError: "), errors());
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aScriptPastItsTimeLimitExits124AndKeepsWhatItPrinted(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("forever.py"), "print('started')\nwhile True:\n    pass\n");
        ScriptCommand limited = new ScriptCommand(new PrintStream(console, true, StandardCharsets.UTF_8), Duration.ofSeconds(2));
        assertEquals(ScriptCommand.TIMED_OUT, limited.runScript(script));
        assertEquals("started\n", console());
    }

    /**
     * How a script ends, as {@code python3} ends it: exit status and standard error, compared with CPython where it is
     * installed (the expectations here are CPython 3.11's). A traceback is compared by its last line.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "import sys; sys.exit(False)                      | 0   | ''",
        "import sys; sys.exit(True)                       | 1   | ''",
        "import sys; sys.exit(None)                       | 0   | ''",
        "import sys; sys.exit(4)                          | 4   | ''",
        "import sys; sys.exit(256 + 7)                    | 7   | ''",
        "import sys; sys.exit(-1)                         | 255 | ''",
        "import sys; sys.exit(2 ** 40)                    | 0   | ''",
        "import sys; sys.exit('5')                        | 1   | '5'",
        "import sys; sys.exit([1, 2])                     | 1   | '[1, 2]'",
        "class Stop(SystemExit): pass; raise Stop(3)      | 3   | ''",
        "raise KeyboardInterrupt                          | 130 | 'KeyboardInterrupt'",
        "raise ValueError('bad')                          | 1   | 'ValueError: bad'",
        "import os; os._exit(3)                           | 3   | ''",
        "import os; os._exit(0)                           | 0   | ''",
        // The exit status is read without calling anything the script can override: not __and__, __index__, __int__.
        "class I(int): __and__ = __index__ = __int__ = lambda *a: 1 / 0; import sys; sys.exit(I(7))             | 7   | ''",
        "class I(int): __and__ = __index__ = lambda *a: exec('while True: pass'); import sys; sys.exit(I(300))  | 44  | ''",
        "import sys; sys.exit(-2 ** 100)                  | 255 | ''",
        "import sys; sys.exit(2 ** 100 + 3)               | 255 | ''",
        "import sys; sys.exit(2 ** 63 - 2)                | 254 | ''",
        "class Stop(SystemExit): code = property(lambda self: 1 / 0); raise Stop(3)                              | 1   | '3'",
        // The traceback module is the script's to break; the report of its exception then names the exception alone.
        "import traceback; traceback.TracebackException = None; raise ValueError('bad')                          | 1   | 'ValueError: bad'",
    })
    void aScriptEndsAsPython3EndsIt(String code, int status, String lastErrorLine, @TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("ending.py"), code.replace("; ", "\n") + "\n");
        assertEquals(status, withErrors.runScript(script), () -> "status of " + code + ", stderr: " + errors());
        assertEquals(lastErrorLine, lastLine(errors()), "stderr of " + code);

        Optional<Ended> reference = python3(script);
        if (reference.isPresent()) {
            assertEquals(reference.get().status(), status, "python3's status for " + code);
            assertEquals(lastLine(reference.get().errors()), lastErrorLine, "python3's stderr for " + code);
        }
    }

    /** How {@code python3} ended a script: its status and standard error. */
    private record Ended(int status, String errors) {}

    /**
     * {@code script} run by {@code python3}, if it is installed: by the interpreter itself, as the runner's CPython
     * column runs it, not by a launcher on the PATH (pyenv's shim starts a shell and pyenv, about 0.1 s of a core and
     * five processes each time, for each of the two dozen references here).
     */
    private static Optional<Ended> python3(Path script) throws Exception {
        CPython cpython = CPython.find("python3");
        if (!cpython.available()) {
            return Optional.empty();
        }
        Process reference = new ProcessBuilder(cpython.interpreter(), script.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String errors = new String(reference.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(reference.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            return Optional.of(new Ended(reference.exitValue(), errors));
        } finally {
            reference.destroyForcibly();
        }
    }

    /**
     * A script that breaks the {@code traceback} module (which the bootstrap formats tracebacks with) still gets
     * CPython's report of its uncaught exception, read from Java: the chain, each frame with its line, the last line.
     * Only the marks under a failing expression ({@code ^^^}, {@code ~^~}) are missing.
     */
    @Test
    void aScriptThatBreaksTheTracebackModuleStillGetsItsWholeTraceback(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("patched.py"), String.join("\n",
                "import traceback",
                "class Broken:",
                "    def __init__(self, *args, **kwargs):",
                "        raise RuntimeError('patched')",
                "traceback.TracebackException = Broken",
                "def parse(text):",
                "    try:",
                "        return int(text)",
                "    except ValueError as error:",
                "        raise LookupError('no number in ' + repr(text)) from error",
                "parse('x')",
                ""));
        String file = "  File \"" + script + "\", line ";
        List<String> cpythons = List.of(
                "Traceback (most recent call last):",
                file + "8, in parse",
                "    return int(text)",
                "ValueError: invalid literal for int() with base 10: 'x'",
                "",
                "The above exception was the direct cause of the following exception:",
                "",
                "Traceback (most recent call last):",
                file + "11, in <module>",
                "    parse('x')",
                file + "10, in parse",
                "    raise LookupError('no number in ' + repr(text)) from error",
                "LookupError: no number in 'x'");
        assertEquals(1, withErrors.runScript(script));
        assertEquals(cpythons, withoutMarks(errors()));
        Optional<Ended> reference = python3(script);
        if (reference.isPresent()) {
            assertEquals(1, reference.get().status());
            assertEquals(cpythons, withoutMarks(reference.get().errors()), "python3's stderr");
        }
    }

    /**
     * A script that keeps what it allocates, in big pieces or in small objects, is stopped once it keeps more of the
     * heap than its limit: it ends as CPython ends on {@code MemoryError} (1, and that line), and the JVM goes on to
     * run the next script under the same limit (what the run kept is garbage once its context is gone).
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aScriptThatKeepsAllocatingEndsWithMemoryErrorAndTheJvmGoesOn(@TempDir Path dir) throws Exception {
        Path next = Files.writeString(dir.resolve("next.py"), "print('the JVM goes on')\n");
        ScriptCommand unlimited = new ScriptCommand(new PrintStream(console, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), TimeLimit.DEFAULT, Optional.empty(), 0);
        assertEquals(0, unlimited.runScript(next)); // what a run holds of the runtime's, whatever ran before, is in use now
        long limit = heapInUse() + 32L * 1024 * 1024;
        // Without the heap limit the time limit ends these first (or GraalPy's own MemoryError, with the whole heap full).
        ScriptCommand limited = new ScriptCommand(new PrintStream(console, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), Duration.ofSeconds(30), Optional.empty(), limit);
        for (String keeps : List.of("bytearray(16 << 20)", "[len(kept)]")) {
            errors.reset();
            Path script = Files.writeString(dir.resolve("keeps.py"), "kept = []\nwhile True:\n    kept.append(" + keeps + ")\n");
            assertEquals(1, limited.runScript(script), keeps + ": " + errors());
            assertEquals("MemoryError: the run kept more than " + limit / (1024 * 1024) + " MiB of the JVM's heap (-D"
                    + HeapLimit.PROPERTY + ")", lastLine(errors()), keeps);
        }
        console.reset();
        assertEquals(0, limited.runScript(next), "the next run, under the same limit: " + errors());
        assertEquals("the JVM goes on\n", console());
    }

    private static long heapInUse() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A traceback's lines without those that only mark part of the line above ({@code ^^^^}, {@code ~~^~~}). */
    private static List<String> withoutMarks(String traceback) {
        return traceback.lines().filter(line -> line.isBlank() || !line.strip().matches("[~^]+")).toList();
    }

    /**
     * The time limit covers the whole run, the exit handlers and the flushing after the script included, and reading
     * how it ended: past it, whatever hangs, the run exits 124 and says so.
     */
    @ParameterizedTest(name = "{0}")
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    @CsvSource(delimiter = '|', value = {
        "an exit handler that never returns     | import atexit; atexit.register(exec, 'while True: pass'); print('registered')",
        "a sys.stdout that never flushes        | import sys; class Stuck: write = flush = lambda *a: exec('while True: pass'); sys.stdout = Stuck()",
        "a traceback that is never formatted    | import traceback; traceback.TracebackException = lambda *a: exec('while True: pass'); raise ValueError",
        "a SystemExit code that is never read   | class Stop(SystemExit): code = property(lambda self: exec('while True: pass')); raise Stop(3)",
    })
    void aRunThatHangsAfterItsScriptEndedExits124(String what, String code, @TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("hangs.py"), code.replace("; ", "\n") + "\n");
        // A second: the clock starts once the context is built, these scripts reach their hang at once, and each
        // spins a core until the limit (two seconds spun four core-seconds more over the four cases).
        ScriptCommand limited = new ScriptCommand(new PrintStream(console, true, StandardCharsets.UTF_8), new PrintStream(errors, true, StandardCharsets.UTF_8),
                Duration.ofSeconds(1));
        long started = System.nanoTime();
        assertEquals(ScriptCommand.TIMED_OUT, limited.runScript(script), what + ": " + errors());
        assertTrue(errors().contains(script + " timed out: no exit within 1 s"), errors());
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(20).toNanos(), "the limit held after " + (System.nanoTime() - started) / 1e9 + " s");
    }

    /**
     * A script may replace every function of the bootstrap (their code, so that references Java holds to them run the
     * script's instead), the threading hook that runs at close and the flush of the stream Java reads: the run still
     * ends with the status the script asked for, and whatever failed is a line on stderr, not a Java stack.
     */
    @Test
    void aScriptThatReplacesTheBootstrapStillEndsWithItsStatus(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("replaces.py"), String.join("\n",
                "import sys, threading, types",
                "def interrupt(*args, **kwargs):",
                "    raise KeyboardInterrupt('replaced')",
                "for name, module in list(sys.modules.items()):",
                "    if name == 'asyncgraalpy' or name.startswith('asyncgraalpy.'):",
                "        for attribute, value in list(vars(module).items()):",
                "            if isinstance(value, types.FunctionType):",
                "                if not value.__code__.co_freevars:",
                "                    value.__code__ = interrupt.__code__",
                "                setattr(module, attribute, interrupt)",
                "threading._shutdown = interrupt",
                "sys.__stdout__.flush = interrupt",
                "print('replaced')",
                "sys.exit(3)",
                ""));
        assertEquals(3, withErrors.runScript(script), errors());
        assertFalse(errors().contains("\tat "), "no Java stack:\n" + errors());
    }

    /**
     * {@code os._exit(n)} in an exit handler ends the run with n, after the script ended otherwise, as in CPython. In a
     * runner JVM of its own: under the tests' {@code -ea} an exit while the context closes trips a Truffle assertion
     * ("The TruffleContext must be entered") that the main job, run without it, never meets.
     */
    @Test
    void anOsExitInAnExitHandlerEndsTheRunnerWithItsStatus(@TempDir Path dir) throws Exception {
        String code = "import atexit, os, sys\natexit.register(os._exit, 5)\nsys.exit(3)\n";
        Process runner = HostSignalsTest.startRunner(dir, code);
        try {
            String output = new String(runner.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(runner.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), output);
            assertEquals(5, runner.exitValue(), output);
            assertEquals("", output, "CPython prints nothing");
        } finally {
            runner.destroyForcibly();
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Test
    void anOperationGraalPyCannotDoLeftUncaughtEndsLikeAnyPythonErrorWithoutJavaFrames(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("parent.py"), "import os\nprint(os.getppid())\n");
        assertEquals(1, withErrors.runScript(script));
        String traceback = errors();
        assertEquals(List.of("Traceback (most recent call last):", "  File \"" + script + "\", line 2, in <module>",
                "    print(os.getppid())", "          ^^^^^^^^^^^^",
                "OSError: [Errno 38] Function not implemented: getppid (GraalPy's Java POSIX backend)"),
                traceback.strip().lines().toList(), "no frame of the bootstrap, no Java stack");
    }

    @Test
    void aSelectionThatMatchesNoPairExitsTwoAndListsThePairs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one_pair.py"), "print('x')\n");
        assertEquals(2, pairsWithErrors.runPairs(dir, CPython.find("python3-that-does-not-exist"), List.of(), "two_*", java.util.Optional.empty()));
        assertEquals("no pair in " + dir + " matches -Dpairs=two_*; the pairs are: one_pair",
                errors().strip());
    }

    @Test
    void aPairFolderWhoseRequirementsAreNotPinnedExitsTwoBeforeAnyPairRuns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one_pair.py"), "print('x')\n");
        Path requirements = Files.writeString(dir.resolve("requirements.txt"), "h11>=0.16\n");
        assertEquals(2, pairsWithErrors.runPairs(dir, CPython.find("python3-that-does-not-exist")));
        assertEquals(requirements.toAbsolutePath() + ", line 1: 'h11>=0.16' is not pinned: every requirement names one version (name==version)"
                + " and the hash of its wheel (--hash=sha256:...), so that GraalPy and CPython get the same files (docs/packages.md)", errors().strip());
        assertFalse(console().contains("[1/1]"), console());
    }

    @Test
    void aScriptRunWithRequirementsImportsTheirPackagesAndOneWithoutCannot(@TempDir Path dir) throws Exception {
        // The pairs' requirements: installed once, shared with PairedExamplesTest and the main job.
        Path packages = Runner.packagesFor(Path.of(System.getProperty("asyncgraalpy.scripts", "py-scripts")).resolve("requirements.txt").toString(),
                PairPackages.fromSystemProperties(Path.of(System.getProperty("asyncgraalpy.jvmDir", "target/jvm")), System.out)).orElseThrow();
        Path script = Files.writeString(dir.resolve("uses_h11.py"), "import h11\nprint(h11.__version__, h11.__file__)\n");
        ScriptCommand withPackages = new ScriptCommand(new PrintStream(console, true, StandardCharsets.UTF_8),
                new PrintStream(errors, true, StandardCharsets.UTF_8), TimeLimit.DEFAULT, Optional.empty(), 0, Optional.of(packages));
        assertEquals(0, withPackages.runScript(script), this::errors);
        assertEquals("0.16.0 /python-packages/h11/__init__.py\n", console());
        assertEquals(1, withErrors.runScript(script));
        assertEquals("ModuleNotFoundError: No module named 'h11'", lastLine(errors()));
    }

    @Test
    void requirementsForAScriptRunThatDoNotExistAreRefusedBeforeAnythingIsInstalled(@TempDir Path dir) {
        PairPackages packages = new PairPackages(dir.resolve("home"), List.of(), dir, System.out);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Runner.packagesFor(dir.resolve("missing.txt").toString(), packages));
        assertEquals("cannot read the requirements " + dir.resolve("missing.txt").toAbsolutePath() + ": there is no such file", refused.getMessage());
        assertFalse(Files.exists(dir.resolve("home")), "nothing made");
    }

    @Test
    void anUnreadableScriptExitsTwo(@TempDir Path dir) {
        assertEquals(2, runner.runScript(dir.resolve("missing.py")));
    }

    @Test
    void pairsThatDisagreeMakeTheRunFailAndTheTableSaysWhere(@TempDir Path dir) throws Exception {
        // The twin AwaitUnderTheHood drives its own coroutine and prints the tutorial's lines; this script does not.
        Files.writeString(dir.resolve("await_under_the_hood.py"), "print('foo is being called')\nprint(\"Result of our coroutine: 'bye'\")\n");
        int status = pairs.runPairs(dir, CPython.find("python3-that-does-not-exist"));
        assertEquals(1, status, console());
        assertTrue(java.util.regex.Pattern.compile("\\| await_under_the_hood \\| not installed \\| ok, 2 lines, \\d+\\.\\d+ s +\\| ok, 2 lines, \\d+\\.\\d+ s +\\| NO +\\|")
                .matcher(console()).find(), console());
        assertTrue(console().contains("  line 2: GraalPy (Python) has 'Result of our coroutine: 'bye'', "
                + "GraalPy (Java twin) has 'Result of our coroutine: 'hello''\n"), console());
        assertTrue(console().contains("1 of 1 pairs differ."), console());
    }

    @Test
    void pairsThatAgreeExitZeroAndTheModeIsPrinted(@TempDir Path dir) throws Exception {
        Files.copy(Path.of(System.getProperty("asyncgraalpy.scripts", "py-scripts")).resolve("coroutine_remake.py"), dir.resolve("coroutine_remake.py"));
        Files.copy(Path.of(System.getProperty("asyncgraalpy.scripts", "py-scripts")).resolve("timeout_cancels.py"), dir.resolve("timeout_cancels.py"));
        Path reports = dir.resolve("reports");
        assertEquals(0, pairs.runPairs(dir, CPython.find("python3"), PairRunner.furtherPythons(" python3, no-such-python "), "coroutine_*",
                java.util.Optional.of(reports)), console());
        assertTrue(console().contains("| example          | CPython "), console());
        assertTrue(java.util.regex.Pattern.compile("\\| coroutine_remake \\| .* \\| not installed +\\| .* \\| yes +\\|").matcher(console()).find(),
                "a further interpreter that is not installed is a column that says so, and fails nothing:\n" + console());
        assertTrue(console().contains("| no-such-python ") && console().contains("| python3 "), console());
        assertTrue(console().contains("Time per column (the scripts alone"), console());
        assertTrue(console().contains("Reports: " + reports.resolve("report.json")), console());
        assertTrue(Files.readString(reports.resolve("report.json")).contains("\"name\": \"coroutine_remake\""));
        assertFalse(console().contains("timeout_cancels"), "-Dpairs=coroutine_* leaves it out:\n" + console());
        assertTrue(console().startsWith("GraalPy 3."), console());
        assertTrue(console().contains("[Graal, Interpreted, ") == console().contains("]: interpreted (the start-up mode; "),
                "the mode line follows sys.version:\n" + console());
        assertTrue(console().contains("]: interpreted (") ^ console().contains("]: optimizing Truffle runtime\n"), console());
        assertTrue(console().contains("[1/1] coroutine_remake agree"), console());
        assertTrue(console().contains("All 1 pairs agree."), console());
    }

    /**
     * {@code -Drepeat=2} on one short pair, beside an interpreter too old to be used and against a saved report of
     * the older format: every cell that ran has two samples in the JSON, the too-old column says why, and each cell
     * is compared with the saved one as a single run can be.
     */
    @Test
    void repeatedRunsKeepEverySampleAndCompareWithASavedRun(@TempDir Path dir) throws Exception {
        Files.copy(Path.of(System.getProperty("asyncgraalpy.scripts", "py-scripts")).resolve("coroutine_remake.py"), dir.resolve("coroutine_remake.py"));
        Path old = Files.writeString(dir.resolve("old.json"), "{\"pairs\": [{\"name\": \"coroutine_remake\", \"cells\": {\"GraalPy (Python)\":"
                + " {\"status\": \"OK\", \"stdout\": \"something else\\n\", \"seconds\": 0.5}}}]}");
        Path reports = dir.resolve("reports");
        PairRunner.Pairs request = PairRunner.Pairs.in(dir, CPython.find("python3")).withFurtherPythons(List.of(CPython.find(CPythonTest.oldPython(dir).toString())))
                .reportingTo(reports).repeating(2).comparedTo(old);
        assertEquals(0, pairs.runPairs(request), console());
        Object report = JsonReader.parse(Files.readString(reports.resolve("report.json")));
        @SuppressWarnings("unchecked")
        java.util.Map<String, java.util.Map<String, Object>> cells = (java.util.Map<String, java.util.Map<String, Object>>)
                ((java.util.Map<?, ?>) ((List<?>) ((java.util.Map<?, ?>) report).get("pairs")).get(0)).get("cells");
        for (Column column : List.of(Column.GRAALPY_PYTHON, Column.GRAALPY_JAVA_TWIN)) {
            assertEquals(2, ((List<?>) cells.get(column.title()).get("samples")).size(), column + ": " + cells.get(column.title()));
        }
        assertEquals(CPython.find("python3").available() ? 2 : 0, ((List<?>) cells.get("CPython").get("samples")).size());
        assertEquals(List.of(), cells.get(dir.resolve("python3.9").toString()).get("samples"));
        java.util.Map<?, ?> versusSaved = (java.util.Map<?, ?>) cells.get("GraalPy (Python)").get("versusSaved");
        assertTrue(versusSaved.get("verdict").toString().matches("not significant: n=1 \\(\\d+\\.\\d+x\\), result changed"), versusSaved::toString);
        assertEquals(true, versusSaved.get("resultChanged"));
        assertTrue(console().contains("python3.9: not used: Python 3.9.18, the pairs need 3.11+"), console());
        assertTrue(console().contains("each cell the median of 2 runs"), console());
        assertTrue(console().contains("Against the saved run " + old + " (a report without samples: one time per cell)"), console());
        assertTrue(java.util.regex.Pattern.compile("\\| coroutine_remake +\\| [^|]+\\| not significant: n=1 \\(\\d+\\.\\d+x\\), result changed \\|")
                .matcher(console()).find(), console());
    }

    @Test
    void aRepeatBelowOneOrNotANumberIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> PairRunner.Pairs.repeat("two"));
        assertEquals("-Drepeat takes a whole number from 1, not 'two'", error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PairRunner.Pairs.in(Path.of("."), CPython.find("python3-that-does-not-exist")).repeating(0));
    }

    @Test
    void aSavedReportThatIsNoReportExitsTwoBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one_pair.py"), "print('x')\n");
        Path broken = Files.writeString(dir.resolve("report.json"), "{\"pairs\": [");
        assertEquals(2, pairsWithErrors.runPairs(PairRunner.Pairs.in(dir, CPython.find("python3")).comparedTo(broken)));
        assertEquals("cannot compare with " + broken + ": it is not JSON (line 1, column 12: expected a value, found the end of the text)", errors().strip());
        assertEquals("", console(), "nothing ran");
    }

    @Test
    void aPairOfYourOwnRunsFromItsFolderWithItsTwinCompiledAndAFurtherModeBeside(@TempDir Path dir) throws Exception {
        Path scripts = TwinClassesTest.copyOfOwnPairs(dir);
        Path jvmDir = Path.of(System.getProperty(PairRunner.JVM_DIR_PROPERTY, "target/jvm"));
        // A further mode beside: any the build wrote options for; the start-up mode's JVM starts soonest.
        assertEquals(0, pairs.runPairs(PairRunner.Pairs.in(scripts, CPython.find("python3")).alsoIn("startup", jvmDir)), console());
        assertTrue(java.util.regex.Pattern.compile("\\| greet_later \\| .* \\| ok, 2 lines, \\d+\\.\\d+ s +\\| ok, 2 lines, \\d+\\.\\d+ s +\\| ok, 2 lines, \\d+\\.\\d+ s +\\| yes +\\|")
                .matcher(console()).find(), "the twin pairs.GreetLater, compiled from the folder, and the second JVM's column:\n" + console());
        assertTrue(console().contains("| GraalPy (Python, startup) |"), console());
        assertTrue(console().contains("\nGraalPy (Python, startup): GraalPy 3."), console());
        assertTrue(console().contains("\n  GraalPy (Python, startup) "), "its time, with the others':\n" + console());
    }

    @Test
    void twinsInAPlatformPackageAreRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one_pair.py"), "print('x')\n");
        assertEquals(2, pairsWithErrors.runPairs(PairRunner.Pairs.in(dir, CPython.find("python3")).twinsIn("java.lang")));
        assertTrue(errors().startsWith("the twins' package cannot be opened to Python: java.lang is or holds a platform package"),
                errors());
        assertEquals("", console());
    }

    @Test
    void twinsThatDoNotCompileExitTwoWithJavacsMessage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("one_pair.py"), "print('x')\n");
        Files.writeString(dir.resolve("OnePair.java"), "package pairs;\npublic class OnePair implements Nope {}\n");
        assertEquals(2, pairsWithErrors.runPairs(dir, CPython.find("python3")));
        assertTrue(errors().contains("OnePair.java:2: error: cannot find symbol"), errors());
    }
}
