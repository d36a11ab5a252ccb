package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script cannot take the host's signals: after it tried to ignore SIGTERM and SIGINT, a runner JVM still ends on
 * SIGTERM, and on SIGINT (Ctrl-C) within a second while the script is busy. Runs the runner as the main job does, in a
 * JVM of its own, because signals act on the whole process.
 */
@Timeout(120)
class HostSignalsTest {

    private static final String STUBBORN_SCRIPT = String.join("\n",
            "import signal, time",
            "for sig in (signal.SIGTERM, signal.SIGINT):",
            "    try:",
            "        signal.signal(sig, signal.SIG_IGN)",
            "    except ValueError as refused:",
            "        print('refused:', refused)",
            "print('ready', flush=True)",
            "");

    @Test
    void sigtermStillEndsARunnerWhoseScriptTriedToIgnoreIt(@TempDir Path dir) throws Exception {
        Process runner = startRunner(dir, STUBBORN_SCRIPT + "while True:\n    time.sleep(0.05)\n");
        try {
            List<String> lines = linesUntilReady(runner);
            runner.destroy(); // SIGTERM
            assertTrue(runner.waitFor(30, TimeUnit.SECONDS), "the runner ignored SIGTERM");
            assertEquals(143, runner.exitValue(), "ended by SIGTERM, as the JVM reports it");
            assertEquals(2, lines.stream().filter(line -> line.startsWith("refused: installing a signal handler")).count(), lines.toString());
        } finally {
            runner.destroyForcibly();
        }
    }

    @Test
    void ctrlCEndsARunnerWhoseScriptIsBusyWithinASecond(@TempDir Path dir) throws Exception {
        assumeFalse(sigintIgnoredHere(), "this JVM was started with SIGINT ignored (a background job): its children inherit that");
        Process runner = startRunner(dir, STUBBORN_SCRIPT + "while True:\n    pass\n");
        try {
            linesUntilReady(runner);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(runner.pid())).start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT failed");
            assertTrue(runner.waitFor(1, TimeUnit.SECONDS), "a busy runner outlived Ctrl-C by a second");
            assertEquals(130, runner.exitValue(), "ended by SIGINT, as the JVM reports it");
        } finally {
            runner.destroyForcibly();
        }
    }

    /** The runner as the main job starts it, in a JVM of its own, on a script of this source; stdout and stderr merged. */
    static Process startRunner(Path dir, String source) throws Exception {
        Path script = Files.writeString(dir.resolve("stubborn.py"), source);
        Path jvmDir = Path.of("target", "jvm");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "@" + jvmDir.resolve("startup.args").toAbsolutePath(),
                "-Dasyncgraalpy.script=" + script,
                "-cp", System.getProperty("java.class.path"),
                Runner.class.getName()));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static List<String> linesUntilReady(Process runner) throws Exception {
        BufferedReader output = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        for (String line; (line = output.readLine()) != null && !line.equals("ready"); ) {
            lines.add(line);
        }
        return lines;
    }

    /** SigIgn in /proc/self/status: a hexadecimal mask, bit 1 (signal 2) for SIGINT. */
    private static boolean sigintIgnoredHere() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(line -> line.startsWith("SigIgn:"))
                .map(line -> Long.parseLong(line.substring("SigIgn:".length()).strip(), 16))
                .anyMatch(mask -> (mask & (1L << 1)) != 0);
    }
}
