package io.github.asyncgraalpy.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * GraalPy (Python) once more, in another runtime mode: the optimizing runtime beside the runner's interpreted
 * start-up mode ({@code -Dalso.mode=optimizing}), or the other way round. A mode is a JVM's options, so the column
 * runs in a second JVM ({@link ModeWorker}) started with the build's option file for that mode, which runs each
 * script in a fresh sandboxed context of its own and times it as the runner times its own columns.
 *
 * <p>A JDK without the optimizing runtime (the build wrote interpreted options for it) makes the column
 * unavailable, with the reason, and fails nothing. A worker that dies or stops answering fails the script it was
 * running and every later one with what it printed, and the rest of the run goes on.
 */
final class ModeColumn implements AutoCloseable {

    /** How long the worker may take to start, and beyond a script's own limit, to answer. */
    static final Duration GRACE = Duration.ofSeconds(120);

    private final String mode;
    private final Column column;
    private final Duration timeLimit;
    private final Process process;
    private final Path errors;
    private final Writer requests;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private Optional<String> unavailable = Optional.empty();
    private Optional<String> version = Optional.empty();

    /** The column's title for {@code mode}: {@code GraalPy (Python, optimizing)}. */
    static Column column(String mode) {
        return new Column("GraalPy (Python, " + mode + ")");
    }

    private ModeColumn(String mode, Process process, Path errors, Duration timeLimit) {
        this.mode = mode;
        this.column = column(mode);
        this.process = process;
        this.errors = errors;
        this.timeLimit = timeLimit;
        this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith(ModeWorker.READY) || line.startsWith(ModeWorker.RESULT)) {
                        answers.add(line);
                    }
                }
            } catch (IOException e) {
                // the worker is gone; the wait for its answer says so
            }
        }, "mode-column-" + mode);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the worker on this JVM's {@code java} with the options file {@code jvmDir/MODE.args} and this JVM's
     * class path, allowing each script {@code timeLimit} (zero: none).
     *
     * @throws IllegalArgumentException for a mode the build wrote no options for, naming the modes it did
     */
    static ModeColumn start(String mode, Path jvmDir, Duration timeLimit) throws IOException {
        return start(mode, jvmDir, timeLimit, Optional.empty());
    }

    /** As above, the worker's runtimes serving {@code packages} ({@link PairPackages}) when given. */
    static ModeColumn start(String mode, Path jvmDir, Duration timeLimit, Optional<Path> packages) throws IOException {
        Path options = jvmDir.resolve(mode + ".args");
        if (!Files.isRegularFile(options)) {
            throw new IllegalArgumentException("no options for the mode '" + mode + "' in " + jvmDir + " (the modes are "
                    + modes(jvmDir) + "; the build writes them in compile)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + options.toAbsolutePath(),
                // In seconds with their fraction: a limit under a second must not become 0, which means none.
                "-D" + TimeLimit.PROPERTY + "=" + timeLimit.toMillis() / 1000.0,
                "-D" + ModeWorker.PACKAGES_PROPERTY + "=" + packages.map(folder -> folder.toAbsolutePath().toString()).orElse(""),
                "-cp", System.getProperty("java.class.path"),
                ModeWorker.class.getName()));
        Path errors = Files.createTempFile("mode-worker-" + mode, ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            return new ModeColumn(mode, process, errors, timeLimit);
        } catch (IOException | RuntimeException notStarted) {
            Files.deleteIfExists(errors);
            throw notStarted;
        }
    }

    /** The modes {@code jvmDir} has options for, sorted: {@code interpreted, optimizing, startup}. */
    static List<String> modes(Path jvmDir) throws IOException {
        try (var files = Files.list(jvmDir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".args") && !name.equals("aot.args"))
                    .map(name -> name.substring(0, name.length() - ".args".length())).sorted().toList();
        }
    }

    /** Waits until the worker has its first context, at most {@link #GRACE}: its version, or why it has none. */
    synchronized void awaitReady() {
        if (version.isPresent() || unavailable.isPresent()) {
            return;
        }
        Optional<String> ready = answer(GRACE, ModeWorker.READY);
        if (ready.isEmpty()) {
            unavailable = Optional.of("the " + mode + " JVM did not start: " + whatItSaid());
            return;
        }
        String pythonVersion = ModeWorker.decode(ready.get()).replace('\n', ' ');
        version = Optional.of(pythonVersion);
        if (mode.equals("optimizing") && pythonVersion.contains("Interpreted")) {
            // The build wrote interpreted options for "optimizing": this JDK has no optimizing runtime.
            unavailable = Optional.of("not available: this JDK has no optimizing runtime (see docs/runner.md, 'JDK and runtime mode')");
        }
    }

    Column column() {
        return column;
    }

    /** The line the runner prints for this column: the worker's {@code sys.version}, or why it has no runs. */
    String describe() {
        awaitReady();
        return column.title() + ": " + unavailable.orElseGet(() -> "GraalPy " + version.orElseThrow() + " in a second JVM, "
                + (version.orElseThrow().contains("Interpreted") ? "interpreted" : "optimizing Truffle runtime"));
    }

    /** Why the column has no runs, if it has none. */
    synchronized Optional<String> unavailable() {
        return unavailable;
    }

    /** Runs the script in the worker and waits for its outcome, at most its time limit and {@link #GRACE}. */
    synchronized Outcome run(PairedExample example) {
        awaitReady();
        if (unavailable.isPresent()) {
            return Outcome.unavailable(unavailable.get());
        }
        try {
            // Base64, so that a path with a line break in it is still one request.
            requests.write(ModeWorker.encode(example.script().toAbsolutePath().toString()) + "\n");
            requests.flush();
        } catch (IOException e) {
            return failedFromNowOn("the " + mode + " JVM ended before " + example.name() + ": " + whatItSaid());
        }
        Duration wait = timeLimit.isZero() ? Duration.ofDays(1) : timeLimit.plus(GRACE);
        Optional<String> answer = answer(wait, ModeWorker.RESULT);
        if (answer.isEmpty()) {
            return failedFromNowOn(process.isAlive()
                    ? "the " + mode + " JVM gave no answer for " + example.name() + " within " + wait.toSeconds() + " s"
                    : "the " + mode + " JVM ended while running " + example.name() + ": " + whatItSaid());
        }
        return ModeWorker.decodeOutcome(answer.get()).orElseGet(() -> Outcome.failed("", "ProtocolError",
                "the " + mode + " JVM answered a line the runner cannot read: " + answer.get()));
    }

    /** The worker is no use any more: this run fails with the reason, and later ones are not run. */
    private Outcome failedFromNowOn(String reason) {
        unavailable = Optional.of("not run: the " + mode + " JVM failed earlier");
        process.destroyForcibly();
        return Outcome.failed("", "WorkerDied", reason);
    }

    /** The next line with {@code prefix}, without it; empty if the worker ends or {@code wait} passes first. */
    private Optional<String> answer(Duration wait, String prefix) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                String line = answers.poll(Math.min(500, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith(prefix)) {
                    return Optional.of(line.substring(prefix.length()));
                }
                if (line == null && (!process.isAlive() && answers.isEmpty() || System.nanoTime() >= deadline)) {
                    return Optional.empty();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The end of what the worker wrote to its standard error, and how it exited, for a failure's detail. */
    private String whatItSaid() {
        String said;
        try {
            List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8);
            said = String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())).strip();
        } catch (IOException e) {
            said = "";
        }
        String exit = process.isAlive() ? "still running" : "exit status " + process.exitValue();
        return exit + (said.isEmpty() ? "" : "\n" + said);
    }

    /** The worker's process: for the test that kills it. */
    Process process() {
        return process;
    }

    @Override
    public void close() {
        try {
            requests.close(); // end of input: the worker closes its contexts and exits
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            try {
                Files.deleteIfExists(errors);
            } catch (IOException e) {
                // a temporary file
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s)", column.title(), unavailable.orElse("running"));
    }
}
