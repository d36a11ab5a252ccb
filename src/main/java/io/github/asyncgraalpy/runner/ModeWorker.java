package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The second JVM of a {@link ModeColumn}: it runs scripts as the runner's GraalPy (Python) column does, in its
 * own runtime mode, one at a time as the runner asks. It reads a script's path per line on standard input (Base64) and
 * answers with one {@link #RESULT} line on standard output; it first says {@link #READY} with its {@code sys.version}.
 * The scripts' output is captured, so nothing else of theirs reaches standard output; any other line there (a JVM
 * warning) is not the protocol's, and the runner passes it over.
 */
public final class ModeWorker {

    static final String READY = "asyncgraalpy-mode-worker-ready ";
    static final String RESULT = "asyncgraalpy-mode-worker-result ";
    /** The folder of the pairs' packages ({@link PairPackages}) the worker's runtimes serve; empty: none. */
    static final String PACKAGES_PROPERTY = "asyncgraalpy.pythonPackages";

    private ModeWorker() {}

    public static void main(String[] args) throws IOException {
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.setOut(System.err); // nothing but the protocol on standard output
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Duration timeLimit = TimeLimit.fromSystemProperty();
        String packages = System.getProperty(PACKAGES_PROPERTY, "").strip();
        // The pairs' packages, as the first JVM serves them; otherwise the shared runtime.
        try (GraalPyRuntime runtime = packages.isEmpty() ? null : ExampleRuntime.builder().pythonPackages(Path.of(packages)).build()) {
            GraalPyRuntime base = runtime != null ? runtime : ExampleRuntime.shared();
            try (GraalPyColumns shared = new GraalPyColumns(base, timeLimit);
                    PairColumns columns = new PairColumns(shared, base, timeLimit)) { // a pair's declared network, as in the first JVM
                protocol.println(READY + encode(shared.banner().pythonVersion()));
                for (String line = requests.readLine(); line != null; line = requests.readLine()) {
                    Path script = Path.of(decode(line));
                    String name = script.getFileName().toString().replaceFirst("\\.py$", "");
                    protocol.println(RESULT + encode(columns.runScript(new PairedExample(name, script))));
                }
            }
        } finally {
            ExampleRuntime.close();
        }
        System.exit(0);
    }

    /** One line: the outcome's fields, each Base64 so that any output fits, and its time in nanoseconds. */
    static String encode(Outcome outcome) {
        return String.join(" ", outcome.status().name(), encode(outcome.stdout()), encode(outcome.failure()),
                encode(outcome.detail()), Long.toString(outcome.elapsed().toNanos()));
    }

    /** The outcome {@link #encode(Outcome)} wrote, or empty for a line that is not one. */
    static Optional<Outcome> decodeOutcome(String line) {
        List<String> fields = List.of(line.split(" ", -1));
        if (fields.size() != 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Outcome(Outcome.Status.valueOf(fields.get(0)), decode(fields.get(1)), decode(fields.get(2)),
                    decode(fields.get(3)), Duration.ofNanos(Long.parseLong(fields.get(4)))));
        } catch (IllegalArgumentException e) { // a status, Base64 or number that is not one
            return Optional.empty();
        }
    }

    static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String field) {
        return new String(Base64.getDecoder().decode(field), StandardCharsets.UTF_8);
    }
}
