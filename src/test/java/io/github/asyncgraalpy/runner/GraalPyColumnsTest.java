package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every run gets a context of its own: what one script changes, the next never sees. */
@Timeout(180)
class GraalPyColumnsTest {

    static final String EXPECTED = "my_coroutine returned with: 'foo'\nMyCoroutineCopy returned with: 'foo'\n";

    /** {@code poison.py} as a script file in {@code dir}. */
    static Path poison(Path dir) throws IOException {
        Path file = dir.resolve("a_poison.py");
        try (InputStream in = GraalPyColumnsTest.class.getResourceAsStream("poison.py")) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    static Path coroutineRemake(Path dir) throws IOException {
        return Files.copy(Path.of(System.getProperty("asyncgraalpy.scripts", "py-scripts")).resolve("coroutine_remake.py"),
                dir.resolve("coroutine_remake.py"));
    }

    /**
     * The columns of the tests with the default limits, shared as the runaway cases share theirs: each test's runs then
     * come after the other's poison too (the very thing these tests prove harmless), and the one context started ahead
     * and never used is built once for both.
     */
    private static GraalPyColumns columns;

    @Test
    void aPoisoningScriptChangesNothingForTheRunsAfterIt(@TempDir Path dir) throws IOException {
        PairedExample poison = new PairedExample("a_poison", poison(dir));
        PairedExample example = new PairedExample("coroutine_remake", coroutineRemake(dir));
        Outcome poisoned = columns.runScript(poison);
        assertEquals(Outcome.ok("poisoned: poisoned everything\n"), untimed(poisoned), "the poison itself ran");

        assertEquals(Outcome.ok(EXPECTED), untimed(columns.runScript(example)));
        assertEquals(Outcome.ok(EXPECTED), untimed(columns.runTwin(example)));
        columns.runScript(poison);
        assertEquals(Outcome.ok(EXPECTED), untimed(columns.runTwin(example)), "a twin after a poisoned script");
    }

    /**
     * The runaway cases share one set of columns, so each case's runs come after the earlier cases' runaways too, and
     * the one context the columns start ahead and never use is built once for the four (a context costs a second).
     * The limit is a second: long enough for a context started ahead to print, and no property needs more.
     */
    private static final Duration RUNAWAY_LIMIT = Duration.ofSeconds(1);
    private static GraalPyColumns runawayColumns;

    @BeforeAll
    static void startColumns() {
        columns = new GraalPyColumns(ExampleRuntime.shared());
        runawayColumns = new GraalPyColumns(ExampleRuntime.shared(), RUNAWAY_LIMIT);
    }

    @AfterAll
    static void closeColumns() {
        columns.close();
        runawayColumns.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "print('spinning')\nwhile True:\n    pass\n",
        "import asyncio\nprint('spinning')\nasync def never_yields():\n    while True:\n        pass\nasyncio.run(never_yields())\n",
        "import asyncio\nprint('spinning')\nasyncio.run(asyncio.sleep(3600))\n",
        "import atexit\nprint('spinning')\natexit.register(lambda: [0 for _ in iter(int, 1)])\n",
    })
    // A runaway run that is not stopped never returns: the timeout must fail the test from a thread of its own.
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRunawayScriptEndsAsTimeoutAndTheNextRunIsUnaffected(String source, @TempDir Path dir) throws IOException {
        Path runaway = Files.writeString(dir.resolve("runaway.py"), source);
        PairedExample example = new PairedExample("coroutine_remake", coroutineRemake(dir));
        Outcome outcome = runawayColumns.runScript(new PairedExample("runaway", runaway));
        assertEquals(Outcome.failed("spinning\n", "Timeout", "no exit within 1 s"), untimed(outcome));
        assertTrue(outcome.elapsed().compareTo(RUNAWAY_LIMIT) >= 0, "the run's time is the limit it ran into: " + outcome.elapsed());
        assertEquals(Outcome.ok(EXPECTED), untimed(runawayColumns.runScript(example)));
    }

    @Test
    void aFailingScriptAfterThePoisonStillFails(@TempDir Path dir) throws IOException {
        Path failing = Files.writeString(dir.resolve("failing.py"), "print('before')\nraise ValueError('still raised')\n");
        columns.runScript(new PairedExample("a_poison", poison(dir)));
        Outcome outcome = columns.runScript(new PairedExample("failing", failing));
        assertEquals(Outcome.Status.FAILED, outcome.status());
        assertEquals("ValueError", outcome.failure());
        assertEquals("before\n", outcome.stdout());
    }

    /**
     * A script that keeps what it allocates ends as CPython ends on {@code MemoryError}, once it keeps more of the
     * heap than the columns' limit; the next run, under the same limit, is unaffected.
     */
    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aScriptThatKeepsAllocatingEndsAsMemoryErrorAndTheNextRunIsUnaffected(@TempDir Path dir) throws IOException {
        Path keeps = Files.writeString(dir.resolve("keeps.py"), "print('allocating')\nkept = []\nwhile True:\n    kept.append(bytearray(16 << 20))\n");
        PairedExample example = new PairedExample("coroutine_remake", coroutineRemake(dir));
        System.gc();
        long limit = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + 64L * 1024 * 1024;
        // Without the heap limit the time limit ends it first (or GraalPy's own MemoryError, with the whole heap full).
        try (GraalPyColumns columns = new GraalPyColumns(ExampleRuntime.shared(), 1, Duration.ofSeconds(30), limit)) {
            Outcome outcome = columns.runScript(new PairedExample("keeps", keeps));
            assertEquals(Outcome.failed("allocating\n", "MemoryError", "MemoryError: the run kept more than " + limit / (1024 * 1024)
                    + " MiB of the JVM's heap (-D" + HeapLimit.PROPERTY + ")"), untimed(outcome));
            assertEquals(Outcome.ok(EXPECTED), untimed(columns.runScript(example)));
        }
    }

    /** The outcome without its time, which no two runs share. */
    private static Outcome untimed(Outcome outcome) {
        return outcome.timed(Duration.ZERO);
    }
}
