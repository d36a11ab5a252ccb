package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.graalvm.polyglot.PolyglotException;

/**
 * The main job. Without arguments it runs every pair in {@code py-scripts/} on CPython, on GraalPy as Python, and
 * on GraalPy as the Java twin, prints the comparison table and exits 0 only if every pair agrees. With
 * {@code -Dasyncgraalpy.script=FILE.py} it runs that one file in the same kind of context instead and exits 1 on an
 * uncaught Python exception.
 */
public final class Runner {

    static final String SCRIPTS_PROPERTY = "asyncgraalpy.scripts";
    static final String SCRIPT_PROPERTY = "asyncgraalpy.script";
    /** Which pairs to run: names or globs ({@code *}, {@code ?}), comma-separated; empty: all. */
    static final String PAIRS_PROPERTY = "asyncgraalpy.pairs";
    /** Further reference interpreters, commands on the PATH, comma-separated ({@code python3.12,pypy3}); empty: none. */
    static final String PYTHONS_PROPERTY = "asyncgraalpy.pythons";
    /** Where to write report.json, report.xml (JUnit) and report.html; empty: nowhere. */
    static final String REPORTS_PROPERTY = "asyncgraalpy.reports";

    /** The exit status of a {@code -Dscript} run stopped by its time limit, as GNU {@code timeout} has it. */
    static final int TIMED_OUT = 124;

    private final PrintStream console;
    private final PrintStream errors;
    private final Duration timeLimit;

    Runner(PrintStream console) {
        this(console, System.err, TimeLimit.DEFAULT);
    }

    Runner(PrintStream console, Duration timeLimit) {
        this(console, System.err, timeLimit);
    }

    /** A runner printing scripts' output to {@code console}, and errors (tracebacks, sys.exit messages) to {@code errors}. */
    Runner(PrintStream console, PrintStream errors, Duration timeLimit) {
        this.console = console;
        this.errors = errors;
        this.timeLimit = timeLimit;
    }

    public static void main(String[] args) {
        String script = System.getProperty(SCRIPT_PROPERTY, "").strip();
        Runner runner = new Runner(System.out, TimeLimit.fromSystemProperty());
        int status;
        try {
            String reports = System.getProperty(REPORTS_PROPERTY, "").strip();
            status = script.isEmpty()
                    ? runner.runPairs(Path.of(System.getProperty(SCRIPTS_PROPERTY, "py-scripts")), CPython.find("python3"),
                            furtherPythons(System.getProperty(PYTHONS_PROPERTY, "")), System.getProperty(PAIRS_PROPERTY, ""),
                            reports.isEmpty() ? Optional.empty() : Optional.of(Path.of(reports)))
                    : runner.runScript(Path.of(script));
        } finally {
            GraalPyRuntime.shared().close();
        }
        System.exit(status);
    }

    /**
     * Runs one Python file with its output on the console: 0 if it finished, 1 if it raised (traceback on stderr),
     * the status it asked for with {@code sys.exit}, 2 if it cannot be read.
     */
    int runScript(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            errors.println("cannot read " + file.toAbsolutePath() + ": " + e);
            return 2;
        }
        try (TimeLimit limit = new TimeLimit(timeLimit)) {
            PythonContext python = GraalPyRuntime.shared().newContext(console, errors);
            // The limit covers closing too: closing runs Python (exit hooks), and a script can make that hang.
            TimeLimit.Watch watch = limit.watch(python);
            try {
                python.runScript(source, file.toString());
                return 0;
            } catch (PolyglotException | PythonException e) {
                if (watch.expired()) {
                    errors.println(file + " timed out: no exit within " + timeLimit.toSeconds() + " s (-D" + TimeLimit.PROPERTY + ")");
                    return TIMED_OUT;
                }
                if (!(e instanceof PythonException uncaught)) {
                    throw e;
                }
                // As python3 ends: sys.exit's status or message, KeyboardInterrupt's 130, a traceback and 1 otherwise.
                PythonContext.ScriptExit exit = python.scriptExit(uncaught);
                if (exit.printsTraceback()) {
                    errors.print(uncaught.pythonTraceback());
                }
                exit.message().ifPresent(errors::println);
                return exit.status();
            } finally {
                try {
                    python.close();
                } finally {
                    watch.close();
                }
            }
        }
    }

    /** Runs every pair and prints the table: 0 if all agree, 1 otherwise. */
    int runPairs(Path scriptsDir, CPython cpython) {
        return runPairs(scriptsDir, cpython, List.of(), "", Optional.empty());
    }

    /** {@code python3.12,pypy3}: each found on the PATH, or not installed (its column says so). */
    static List<CPython> furtherPythons(String commands) {
        return Stream.of(commands.split(",")).map(String::strip).filter(command -> !command.isEmpty())
                .distinct().map(CPython::find).collect(Collectors.toList());
    }

    /**
     * Runs the pairs {@code selection} names (all when blank) on CPython, GraalPy and the further interpreters, prints
     * the table and the times, and writes the reports into {@code reportsDir} if given: 0 if all agree, 1 otherwise,
     * 2 if the selection matches no pair.
     */
    int runPairs(Path scriptsDir, CPython cpython, List<CPython> furtherPythons, String selection, Optional<Path> reportsDir) {
        List<PairedExample> all = PairedExample.discover(scriptsDir);
        List<PairedExample> examples = PairSelection.parse(selection).select(all);
        if (examples.isEmpty()) {
            errors.println("no pair in " + scriptsDir + " matches -Dpairs=" + selection + "; the pairs are: "
                    + all.stream().map(PairedExample::name).collect(Collectors.joining(", ")));
            return 2;
        }
        List<Comparison> comparisons = new ArrayList<>();
        Reports.Run run;
        try (GraalPyColumns graalPy = new GraalPyColumns(GraalPyRuntime.shared(), timeLimit)) {
            GraalPyColumns.Banner banner = graalPy.banner();
            String cpythonLine = cpython.version().map(version -> version + " (python3)")
                    .orElse("not installed (python3 3.11+ not on the PATH): that column is skipped");
            run = new Reports.Run(banner.pythonVersion().replace('\n', ' '), cpythonLine);
            console.println(describeGraalPy(banner.pythonVersion()));
            console.println("CPython: " + cpythonLine);
            console.println("First GraalPy context ready in " + banner.startup() + "; every run gets a fresh one, started ahead of need");
            // CPython runs in processes of its own, so its column goes on beside GraalPy's, one script at a time.
            ExecutorService cpythonColumn = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "cpython-column");
                thread.setDaemon(true);
                return thread;
            });
            try {
                // The reference interpreters run in processes of their own, one script at a time, beside GraalPy.
                List<Map<Column, Future<Outcome>>> referenceOutcomes = new ArrayList<>();
                for (PairedExample example : examples) {
                    Map<Column, Future<Outcome>> forThisPair = new LinkedHashMap<>();
                    forThisPair.put(Column.CPYTHON, cpythonColumn.submit(() -> cpython.run(example.script(), List.of(), timeLimit)));
                    for (CPython further : furtherPythons) {
                        forThisPair.put(Column.reference(further.executable()), cpythonColumn.submit(() -> further.run(example.script(), List.of(), timeLimit)));
                    }
                    referenceOutcomes.add(forThisPair);
                }
                for (int i = 0; i < examples.size(); i++) {
                    PairedExample example = examples.get(i);
                    console.printf("[%d/%d] %s ", i + 1, examples.size(), example.name());
                    long start = System.nanoTime();
                    Map<Column, Outcome> outcomes = new LinkedHashMap<>();
                    outcomes.put(Column.GRAALPY_PYTHON, graalPy.runScript(example));
                    outcomes.put(Column.GRAALPY_JAVA_TWIN, graalPy.runTwin(example));
                    referenceOutcomes.get(i).forEach((column, outcome) -> outcomes.put(column, awaitOutcome(outcome)));
                    Comparison comparison = new Comparison(example, outcomes);
                    comparisons.add(comparison);
                    console.printf("%s (%.1f s)%n", comparison.agree() ? "agree" : "DIFFER", (System.nanoTime() - start) / 1e9);
                }
            } finally {
                cpythonColumn.shutdownNow();
            }
        }
        console.println();
        console.print(ComparisonTable.render(comparisons));
        console.println();
        console.print(ComparisonTable.timings(comparisons));
        boolean allAgree = comparisons.stream().allMatch(Comparison::agree);
        console.println(allAgree
                ? "\nAll " + comparisons.size() + " pairs agree."
                : "\n" + comparisons.stream().filter(c -> !c.agree()).count() + " of " + comparisons.size() + " pairs differ.");
        if (reportsDir.isPresent()) {
            try {
                List<Path> written = Reports.write(reportsDir.get(), run, comparisons);
                console.println("Reports: " + written.stream().map(Path::toString).collect(Collectors.joining(", ")));
            } catch (IOException e) {
                errors.println("cannot write the reports into " + reportsDir.get() + ": " + e);
                return 1;
            }
        }
        return allAgree ? 0 : 1;
    }

    /** A CPython run's outcome; CPython.run bounds its own time, so this wait ends. */
    private static Outcome awaitOutcome(Future<Outcome> outcome) {
        try {
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("", "Interrupted", e.toString());
        } catch (ExecutionException e) {
            return Outcome.failed("", e.getCause().getClass().getSimpleName(), e.getCause().toString());
        }
    }

    /** One line: Python version and whether Truffle compiles (sys.version says {@code Interpreted} when it does not). */
    static String describeGraalPy(String pythonVersion) {
        String version = pythonVersion.replace('\n', ' ');
        String mode = version.contains("Interpreted")
                ? "interpreted (the start-up mode; -Drunner.mode=optimizing for the optimizing runtime where the JDK has one; see README, 'JDK and runtime mode')"
                : "optimizing Truffle runtime";
        return "GraalPy " + version + ": " + mode;
    }
}
