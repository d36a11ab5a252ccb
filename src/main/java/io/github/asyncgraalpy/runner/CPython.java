package io.github.asyncgraalpy.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reference runtime: {@code python3} from the PATH, 3.11 or newer, in a process of its own per script. */
public final class CPython {

    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern VERSION = Pattern.compile("Python (3)\\.(\\d+)\\.\\S+");
    /** The last line of a traceback: {@code ValueError: message} or a bare {@code AssertionError}. */
    private static final Pattern EXCEPTION_LINE = Pattern.compile("^([A-Za-z_][\\w.]*)(?::.*)?$");

    private final String executable;
    private final Optional<String> version;

    private CPython(String executable, Optional<String> version) {
        this.executable = executable;
        this.version = version;
    }

    /** Looks for {@code executable} (normally {@code python3}); absent or older than 3.11 means unavailable. */
    public static CPython find(String executable) {
        try {
            Process process = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new CPython(executable, Optional.empty());
            }
            String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            Matcher matcher = VERSION.matcher(answer);
            boolean usable = process.exitValue() == 0 && matcher.find() && Integer.parseInt(matcher.group(2)) >= 11;
            return new CPython(executable, usable ? Optional.of(answer) : Optional.empty());
        } catch (IOException e) {
            return new CPython(executable, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new CPython(executable, Optional.empty());
        }
    }

    /** {@code Python 3.11.7}, or empty when there is no usable CPython. */
    public Optional<String> version() {
        return version;
    }

    /** The command it runs, e.g. {@code python3}. */
    public String executable() {
        return executable;
    }

    public boolean available() {
        return version.isPresent();
    }

    /** Runs the script in its own folder; a non-zero exit is a failure named by the traceback's last line. */
    public Outcome run(Path script) {
        return run(script, List.of(), SCRIPT_TIMEOUT);
    }

    /** Runs the script with {@code arguments}, as {@link #run(Path)} does, allowing it {@code timeout} (zero: no limit). */
    public Outcome run(Path script, List<String> arguments, Duration timeout) {
        if (!available()) {
            return Outcome.unavailable("not installed");
        }
        try {
            Path stdout = Files.createTempFile("cpython-out", ".txt");
            Path stderr = Files.createTempFile("cpython-err", ".txt");
            try {
                List<String> command = new java.util.ArrayList<>(List.of(executable, "-X", "utf8", script.getFileName().toString()));
                command.addAll(arguments);
                Process process = new ProcessBuilder(command)
                        .directory(script.toAbsolutePath().getParent().toFile())
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile())
                        .start();
                boolean exited = true;
                try {
                    if (timeout.isZero()) {
                        process.waitFor();
                    } else {
                        exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    }
                } finally {
                    if (process.isAlive()) {
                        // Past its time, or the caller stopped waiting (interrupted): no python3 is left behind.
                        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                }
                if (!exited) {
                    return Outcome.failed(Files.readString(stdout), "Timeout", "no exit within " + timeout.toSeconds() + " s");
                }
                String out = Files.readString(stdout);
                String err = Files.readString(stderr);
                return process.exitValue() == 0 ? Outcome.ok(out) : Outcome.failed(out, exceptionType(err), err);
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            return Outcome.failed("", "IOException", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("", "Interrupted", e.toString());
        }
    }

    static String exceptionType(String stderr) {
        List<String> lines = stderr.strip().lines().toList();
        if (!lines.isEmpty()) {
            Matcher matcher = EXCEPTION_LINE.matcher(lines.get(lines.size() - 1));
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        return "exit status";
    }
}
