package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The GraalPy (Python) column once more in another mode, in a second JVM started with the build's options for it. */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ModeColumnTest {

    private static final Path JVM_DIR = Path.of(System.getProperty(PairRunner.JVM_DIR_PROPERTY, "target/jvm"));

    private static PairedExample script(Path dir, String name, String source) throws Exception {
        Path file = dir.resolve(name + ".py");
        Files.writeString(file, source);
        return new PairedExample(name, file);
    }

    /**
     * The optimizing mode's worker is the costliest JVM the suite starts (a cold JVM compiling with Graal: half a minute
     * on two cores), so once its runs are checked it is the worker that dies mid-script: a start-up worker of its own
     * cost a further cold JVM and proved nothing more. On a JDK without the optimizing runtime a start-up worker dies.
     */
    @Test
    void theOptimizingModeRunsEachScriptInTheSecondJvmAndTimesItThenItsWorkerDiesMidScript(@TempDir Path dir) throws Exception {
        try (ModeColumn column = ModeColumn.start("optimizing", JVM_DIR, TimeLimit.DEFAULT)) {
            assertEquals(new Column("GraalPy (Python, optimizing)"), column.column());
            String described = column.describe();
            if (column.unavailable().isEmpty()) {
                assertTrue(described.matches("GraalPy \\(Python, optimizing\\): GraalPy 3\\.\\d+\\.\\d+ .*\\[Graal, GraalVM CE, .* in a second JVM, optimizing Truffle runtime"),
                        described);
                Outcome printed = column.run(script(dir, "prints", "import asyncio\nasync def main():\n    await asyncio.sleep(0)\n    print('one')\n    print('two')\nasyncio.run(main())\n"));
                assertEquals(Outcome.Status.OK, printed.status(), printed.toString());
                assertEquals("one\ntwo\n", printed.stdout());
                assertTrue(printed.elapsed().compareTo(Duration.ZERO) > 0, "timed: " + printed);
                Outcome raised = column.run(script(dir, "raises", "print('before')\nraise ValueError('no')\n"));
                assertEquals("ValueError", raised.failure(), raised.toString());
                assertEquals("before\n", raised.stdout());
                assertTrue(raised.detail().contains("ValueError: no"), raised.detail());
                aWorkerThatDiesMidScriptFailsThatScriptWithTheReasonAndRunsNoMore(column, "optimizing", dir);
                return;
            }
            // a JDK without Truffle's optimizing runtime (JDK 17)
            assertTrue(described.endsWith("not available: this JDK has no optimizing runtime (see docs/runner.md, 'JDK and runtime mode')"), described);
        }
        try (ModeColumn column = ModeColumn.start("startup", JVM_DIR, TimeLimit.DEFAULT)) {
            column.describe(); // started
            aWorkerThatDiesMidScriptFailsThatScriptWithTheReasonAndRunsNoMore(column, "startup", dir);
        }
    }

    @Test
    void aJdkWithoutTheOptimizingRuntimeMakesTheColumnUnavailableAndFailsNothing(@TempDir Path dir) throws Exception {
        // What the build writes for "optimizing" on a JDK without Truffle's optimizing runtime: options of an interpreted
        // mode (the start-up mode's, whose JVM starts soonest).
        Files.copy(JVM_DIR.resolve("startup.args"), dir.resolve("optimizing.args"));
        try (ModeColumn column = ModeColumn.start("optimizing", dir, TimeLimit.DEFAULT)) {
            Outcome outcome = column.run(script(dir, "prints", "print('x')\n"));
            assertEquals(Outcome.unavailable("not available: this JDK has no optimizing runtime (see docs/runner.md, 'JDK and runtime mode')"), outcome);
        }
    }

    @Test
    void aModeTheBuildWroteNoOptionsForIsRefusedNamingTheModes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("interpreted.args"), "");
        Files.writeString(dir.resolve("optimizing.args"), "");
        Files.writeString(dir.resolve("aot.args"), "");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ModeColumn.start("fast", dir, TimeLimit.DEFAULT));
        assertEquals("no options for the mode 'fast' in " + dir + " (the modes are [interpreted, optimizing]; the build writes them in compile)",
                error.getMessage());
    }

    @Test
    void aWorkerThatCannotStartMakesTheColumnUnavailableWithWhatItSaid(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.args"), "-XX:+NoSuchOptionAnywhere\n");
        try (ModeColumn column = ModeColumn.start("broken", dir, TimeLimit.DEFAULT)) {
            Outcome outcome = column.run(script(dir, "prints", "print('x')\n"));
            assertEquals(Outcome.Status.UNAVAILABLE, outcome.status());
            assertTrue(outcome.detail().startsWith("the broken JVM did not start: exit status 1\n"), outcome.detail());
            assertTrue(outcome.detail().contains("NoSuchOptionAnywhere"), outcome.detail());
        }
    }

    /** Any mode's worker can die: {@code column}'s, started, dies while it runs a script. */
    private static void aWorkerThatDiesMidScriptFailsThatScriptWithTheReasonAndRunsNoMore(ModeColumn column, String mode, Path dir)
            throws Exception {
        CompletableFuture<Outcome> sleeping = CompletableFuture.supplyAsync(() -> {
            try {
                return column.run(script(dir, "sleeps", "import time\nprint('started', flush=True)\ntime.sleep(60)\n"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500); // the request is on its way; the worker dies whether or not it began the script
        column.process().destroyForcibly();
        Outcome died = sleeping.get(60, TimeUnit.SECONDS);
        assertEquals("WorkerDied", died.failure(), died.toString());
        assertTrue(died.detail().startsWith("the " + mode + " JVM ended while running sleeps: exit status 137"), died.detail());
        assertEquals(Outcome.unavailable("not run: the " + mode + " JVM failed earlier"), column.run(script(dir, "later", "print('x')\n")));
    }
}
