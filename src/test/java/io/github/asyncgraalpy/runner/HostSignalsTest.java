package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * SIGTERM. Runs the runner as the main job does, in a JVM of its own, because signals act on the whole process.
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
            "while True:",
            "    time.sleep(0.05)",
            "");

    @Test
    void sigtermStillEndsARunnerWhoseScriptTriedToIgnoreIt(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("stubborn.py"), STUBBORN_SCRIPT);
        Path jvmDir = Path.of("target", "jvm");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "@" + jvmDir.resolve("startup.args").toAbsolutePath(),
                "-Dasyncgraalpy.script=" + script,
                "-cp", System.getProperty("java.class.path"),
                Runner.class.getName()));
        Process runner = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(runner.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line; (line = output.readLine()) != null && !line.equals("ready"); ) {
                lines.add(line);
            }
            runner.destroy(); // SIGTERM
            assertTrue(runner.waitFor(30, TimeUnit.SECONDS), "the runner ignored SIGTERM");
            assertEquals(143, runner.exitValue(), "ended by SIGTERM, as the JVM reports it");
            assertEquals(2, lines.stream().filter(line -> line.startsWith("refused: installing a signal handler")).count(), lines.toString());
        } finally {
            runner.destroyForcibly();
        }
    }
}
