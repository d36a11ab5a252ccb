package io.github.asyncgraalpy.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference runtime: {@code python3} from the PATH, 3.11 or newer, in a process of its own per script; and any
 * further interpreter run the same way ({@code -Dpythons}). One that is installed but older than the pairs need is not
 * used, and says so with its version, unless asked to run whatever its version ({@code -Dpythons.anyVersion=true}).
 */
public final class CPython {

    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(60);
    /** The oldest Python 3 the pairs are written for: 3.11 ({@code asyncio.timeout}, {@code TaskGroup}). */
    static final int OLDEST_MINOR = 11;
    /** What the pairs need, as the columns say it. */
    static final String NEEDED = "3." + OLDEST_MINOR + "+";
    private static final Pattern VERSION = Pattern.compile("Python (3)\\.(\\d+)\\.\\S+");
    /** The last line of a traceback: {@code ValueError: message} or a bare {@code AssertionError}. */
    private static final Pattern EXCEPTION_LINE = Pattern.compile("^([A-Za-z_][\\w.]*)(?::.*)?$");

    private static final String WHICH_INTERPRETER = "import sys; print(sys.executable)";

    private final String executable;
    /**
     * The program each script runs in: {@code executable}'s {@code sys.executable}, found once. A launcher on the PATH
     * (pyenv's shim is a shell script that starts three more processes) would otherwise cost about 0.1 s of a core per
     * run, and could pick another interpreter in the script's folder than the one whose version was asked.
     */
    private final String interpreter;
    /** What {@code --version} answered, if it ran and exited 0. */
    private final Optional<String> found;
    private final boolean usable;
    /** The virtual environment the scripts run in ({@link PairPackages}); empty: the interpreter's own packages. */
    private final Optional<Path> environment;

    private CPython(String executable, Optional<String> found, boolean usable) {
        this(executable, executable, found, usable, Optional.empty());
    }

    private CPython(String executable, String interpreter, Optional<String> found, boolean usable, Optional<Path> environment) {
        this.executable = executable;
        this.interpreter = interpreter;
        this.found = found;
        this.usable = usable;
        this.environment = environment;
    }

    /**
     * The same interpreter, its scripts run by {@code environmentPython}, the interpreter of a virtual environment it
     * made ({@code venv}), so that they import that environment's packages.
     */
    CPython inEnvironment(Path venv, Path environmentPython) {
        return new CPython(executable, environmentPython.toAbsolutePath().toString(), found, usable, Optional.of(venv.toAbsolutePath()));
    }

    /** The virtual environment the scripts run in, if {@link PairPackages} made one for them. */
    public Optional<Path> environment() {
        return environment;
    }

    /** The program that runs the scripts: the interpreter itself, not a launcher on the PATH. */
    String interpreter() {
        return interpreter;
    }

    /** Looks for {@code executable} (normally {@code python3}); absent or older than 3.11 means unavailable. */
    public static CPython find(String executable) {
        return find(executable, false);
    }

    /**
     * Looks for {@code executable} and asks its {@code --version}: absent means unavailable, and so does older than
     * the pairs need (or no Python 3 version in its answer) unless {@code anyVersion}.
     */
    public static CPython find(String executable, boolean anyVersion) {
        Probe probe = PROBES.get(executable);
        if (probe == null) {
            probe = probe(executable);
            if (!Thread.currentThread().isInterrupted()) { // an interrupted probe found nothing, and says nothing
                PROBES.putIfAbsent(executable, probe);
            }
        }
        if (probe.answer().isEmpty()) {
            return new CPython(executable, Optional.empty(), false);
        }
        Matcher matcher = VERSION.matcher(probe.answer().get());
        boolean recentEnough = matcher.find() && Integer.parseInt(matcher.group(2)) >= OLDEST_MINOR;
        return new CPython(executable, probe.interpreter(), probe.answer(), recentEnough || anyVersion, Optional.empty());
    }

    /** What an executable answered to {@code --version}, and the interpreter it starts. */
    private record Probe(Optional<String> answer, String interpreter) {}

    /**
     * Each executable asked once per JVM: the runner looks for its interpreters once per run anyway, and a JVM that
     * runs the runner many times (its tests) would otherwise start a launcher twice per run.
     */
    private static final Map<String, Probe> PROBES = new ConcurrentHashMap<>();

    private static Probe probe(String executable) {
        try {
            Optional<String> answer = answerOf(executable, "--version");
            if (answer.isEmpty()) {
                return new Probe(Optional.empty(), executable);
            }
            String interpreter = answerOf(executable, "-c", WHICH_INTERPRETER)
                    .filter(path -> !path.isEmpty() && Files.isExecutable(Path.of(path)))
                    .orElse(executable);
            return new Probe(answer, interpreter);
        } catch (IOException e) {
            return new Probe(Optional.empty(), executable);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(Optional.empty(), executable);
        }
    }

    /** What {@code command} printed (stdout and stderr, stripped) if it exited 0 within 10 s. */
    private static Optional<String> answerOf(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return Optional.empty();
        }
        String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? Optional.of(answer) : Optional.empty();
    }

    /** {@code Python 3.11.7}, or empty when there is no usable CPython. */
    public Optional<String> version() {
        return usable ? found : Optional.empty();
    }

    /** What {@code --version} answered, usable or not; empty when the command is not there or failed. */
    public Optional<String> found() {
        return found;
    }

    /**
     * Why its column has no runs: {@code not installed}, or {@code not used: Python 3.9.18, the pairs need 3.11+
     * (-Dpythons.anyVersion=true runs it)}; empty when it is used.
     */
    public Optional<String> whyNotUsed() {
        if (usable) {
            return Optional.empty();
        }
        return Optional.of(found.map(answer -> "not used: " + answer.lines().findFirst().orElse(answer) + ", the pairs need " + NEEDED
                + " (-Dpythons.anyVersion=true runs it)").orElse("not installed"));
    }

    /** True when it is used although older than the pairs need, as asked. */
    public boolean olderThanNeeded() {
        Matcher matcher = VERSION.matcher(found.orElse(""));
        return usable && !(matcher.find() && Integer.parseInt(matcher.group(2)) >= OLDEST_MINOR);
    }

    /** The command it runs, e.g. {@code python3}. */
    public String executable() {
        return executable;
    }

    public boolean available() {
        return usable;
    }

    static final String TIMING_VARIABLE = "ASYNCGRAALPY_SCRIPT_SECONDS";

    /**
     * How the script runs in python3: as {@code python3 script.py} would run it ({@code __main__}, its folder first on
     * {@code sys.path}, its arguments in {@code sys.argv}), timed from inside the process, so that the time is the
     * script's alone, as the GraalPy columns' is, and not python3's start-up. The time goes to the file named by
     * {@value #TIMING_VARIABLE}, written however the script ends.
     */
    private static final String TIMED_LAUNCH = String.join("\n",
            "import os, runpy, sys, time",
            "sys.argv = sys.argv[1:]",
            "sys.path[0] = os.path.dirname(os.path.abspath(sys.argv[0]))",
            "_started = time.perf_counter()",
            "try:",
            "    runpy.run_path(sys.argv[0], run_name='__main__')",
            "finally:",
            "    with open(os.environ['" + TIMING_VARIABLE + "'], 'w') as _timing:",
            "        _timing.write(repr(time.perf_counter() - _started))",
            "");
    /** Runs the script in its own folder; a non-zero exit is a failure named by the traceback's last line. */
    public Outcome run(Path script) {
        return run(script, List.of(), SCRIPT_TIMEOUT);
    }

    /** Runs the script with {@code arguments}, as {@link #run(Path)} does, allowing it {@code timeout} (zero: no limit). */
    public Outcome run(Path script, List<String> arguments, Duration timeout) {
        if (!available()) {
            return Outcome.unavailable(whyNotUsed().orElseThrow());
        }
        try {
            Path stdout = Files.createTempFile("cpython-out", ".txt");
            Path stderr = Files.createTempFile("cpython-err", ".txt");
            Path timing = Files.createTempFile("cpython-seconds", ".txt");
            try {
                List<String> command = new java.util.ArrayList<>(List.of(interpreter, "-X", "utf8", "-c", TIMED_LAUNCH,
                        script.getFileName().toString()));
                command.addAll(arguments);
                long started = System.nanoTime();
                ProcessBuilder launch = new ProcessBuilder(command);
                launch.environment().put(TIMING_VARIABLE, timing.toString());
                Process process = launch
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
                Duration elapsed = scriptTime(timing).orElse(Duration.ofNanos(System.nanoTime() - started));
                if (!exited) {
                    return Outcome.failed(Files.readString(stdout), "Timeout", "no exit within " + timeout.toSeconds() + " s").timed(elapsed);
                }
                String out = Files.readString(stdout);
                String err = Files.readString(stderr);
                return (process.exitValue() == 0 ? Outcome.ok(out) : Outcome.failed(out, exceptionType(err), err)).timed(elapsed);
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
                Files.deleteIfExists(timing);
            }
        } catch (IOException e) {
            return Outcome.failed("", "IOException", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("", "Interrupted", e.toString());
        }
    }

    /** The script's own time as the launch wrote it; empty if it wrote none (the process was killed). */
    private static Optional<Duration> scriptTime(Path timing) throws IOException {
        String seconds = Files.readString(timing).strip();
        if (seconds.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofNanos(Math.round(Double.parseDouble(seconds) * 1e9)));
        } catch (NumberFormatException e) {
            return Optional.empty();
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
