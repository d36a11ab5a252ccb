package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.examples.ExampleRuntime;
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
    /** The package of the twins of a folder of your own; empty: the one its Java files declare. */
    static final String TWINS_PROPERTY = "asyncgraalpy.twins";
    /** A further runtime mode for the GraalPy (Python) column ({@code optimizing}), run in a second JVM; empty: none. */
    static final String ALSO_MODE_PROPERTY = "asyncgraalpy.alsoMode";
    /** Where the build wrote the modes' JVM options ({@code target/jvm}). */
    static final String JVM_DIR_PROPERTY = "asyncgraalpy.jvmDir";

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
        int status;
        try {
            Runner runner = new Runner(System.out, TimeLimit.fromSystemProperty());
            status = script.isEmpty() ? runner.runPairs(Pairs.fromSystemProperties()) : runner.runScript(Path.of(script));
        } catch (RuntimeException | Error failed) {
            // The last guard: the runner's own fault, or a script's way round the guards below; one line, no Java stack.
            System.err.println("the runner failed: " + failed);
            status = 1;
        }
        try {
            ExampleRuntime.close();
        } catch (RuntimeException | Error failed) {
            System.err.println("the runner failed to close its GraalPy runtime: " + failed);
        }
        System.exit(status);
    }

    /**
     * Runs one Python file with its output on the console: 0 if it finished, 1 if it raised (traceback on stderr),
     * the status it asked for with {@code sys.exit} or {@code os._exit} (in an exit handler too), 2 if it cannot be
     * read, {@link #TIMED_OUT} if the run, its exit handlers and flushing included, takes longer than the time limit.
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
            PythonContext python = ExampleRuntime.shared().newContext(console, errors);
            // The one place the limit is taken: from the first line to the context closed, since closing runs Python
            // too (exit handlers, flushing a replaced sys.stdout), and a script can make any of it hang.
            TimeLimit.Watch watch = limit.watch(python);
            int status;
            try {
                // Taken before the script runs, so that nothing it replaces decides how it ends.
                ScriptExit.Reader exits = ScriptExit.readerFor(python);
                status = run(python, exits, source, file);
                status = close(python, status, watch);
            } finally {
                watch.close();
            }
            if (watch.expired()) {
                errors.println(file + " timed out: no exit within " + timeLimit.toSeconds() + " s (-D" + TimeLimit.PROPERTY + ")");
                return TIMED_OUT;
            }
            return status;
        }
    }

    /** Runs the script and reports how it ended, as python3 does: sys.exit's status or message, KeyboardInterrupt's 130, a traceback and 1. */
    private int run(PythonContext python, ScriptExit.Reader exits, String source, Path file) {
        try {
            python.runScript(source, file.toString());
            return 0;
        } catch (PythonException uncaught) {
            ScriptExit exit = exits.read(uncaught);
            if (exit.printsTraceback()) {
                errors.print(uncaught.pythonTraceback());
            }
            exit.message().ifPresent(errors::println);
            return exit.status();
        } catch (PolyglotException notPython) {
            return endedOutsidePython(notPython, file + " failed: ");
        } catch (RuntimeException unexpected) {
            errors.println(file + " failed: " + unexpected);
            return 1;
        }
    }

    /**
     * Closes the context, which runs the script's exit handlers: an {@code os._exit(n)} there ends the run with n,
     * as in CPython; anything else that goes wrong in closing is reported and leaves {@code status} as it was.
     */
    private int close(PythonContext python, int status, TimeLimit.Watch watch) {
        try {
            python.close();
            return status;
        } catch (PolyglotException failed) {
            python.cancelQuietly(); // nothing of the script may go on running once its run is over
            return endedOutsidePython(failed, "Exception ignored in closing the script's context: ", status);
        } catch (RuntimeException | AssertionError failed) { // Truffle's, when a close is cancelled midway by the limit
            python.cancelQuietly();
            if (!watch.expired()) { // the limit's cancel speaks for itself
                errors.println("Exception ignored in closing the script's context: " + failed);
            }
            return status;
        }
    }

    private int endedOutsidePython(PolyglotException thrown, String prefix) {
        return endedOutsidePython(thrown, prefix, 1);
    }

    /** An exit's status; otherwise one line on stderr, and {@code status}. */
    private int endedOutsidePython(PolyglotException thrown, String prefix, int status) {
        if (thrown.isExit()) {
            return thrown.getExitStatus() & 0xFF;
        }
        if (!thrown.isCancelled()) { // a cancel is the time limit's, which speaks for itself
            errors.println(prefix + thrown.getMessage());
        }
        return status;
    }

    /**
     * What a run of the pairs is asked for: the scripts' folder and their twins' package, which pairs, the reference
     * interpreters, a further GraalPy mode and where the build wrote its options, and where the reports go.
     */
    record Pairs(Path scriptsDir, Optional<String> twinsPackage, String selection, CPython cpython, List<CPython> furtherPythons,
            Optional<String> alsoMode, Path jvmDir, Optional<Path> reportsDir) {

        /** Every pair in {@code scriptsDir} against {@code cpython}, nothing more, no reports. */
        static Pairs in(Path scriptsDir, CPython cpython) {
            return new Pairs(scriptsDir, Optional.empty(), "", cpython, List.of(), Optional.empty(), Path.of("target", "jvm"), Optional.empty());
        }

        static Pairs fromSystemProperties() {
            return new Pairs(Path.of(System.getProperty(SCRIPTS_PROPERTY, "py-scripts")), nonBlank(TWINS_PROPERTY),
                    System.getProperty(PAIRS_PROPERTY, ""), CPython.find("python3"), Runner.furtherPythons(System.getProperty(PYTHONS_PROPERTY, "")),
                    nonBlank(ALSO_MODE_PROPERTY), Path.of(System.getProperty(JVM_DIR_PROPERTY, "target/jvm")), nonBlank(REPORTS_PROPERTY).map(Path::of));
        }

        private static Optional<String> nonBlank(String property) {
            return Optional.of(System.getProperty(property, "").strip()).filter(value -> !value.isEmpty());
        }

        Pairs selecting(String names) {
            return new Pairs(scriptsDir, twinsPackage, names, cpython, furtherPythons, alsoMode, jvmDir, reportsDir);
        }

        Pairs withFurtherPythons(List<CPython> pythons) {
            return new Pairs(scriptsDir, twinsPackage, selection, cpython, pythons, alsoMode, jvmDir, reportsDir);
        }

        Pairs reportingTo(Path dir) {
            return new Pairs(scriptsDir, twinsPackage, selection, cpython, furtherPythons, alsoMode, jvmDir, Optional.of(dir));
        }

        Pairs twinsIn(String packageName) {
            return new Pairs(scriptsDir, Optional.of(packageName), selection, cpython, furtherPythons, alsoMode, jvmDir, reportsDir);
        }

        Pairs alsoIn(String mode, Path optionsDir) {
            return new Pairs(scriptsDir, twinsPackage, selection, cpython, furtherPythons, Optional.of(mode), optionsDir, reportsDir);
        }
    }

    /** Runs every pair and prints the table: 0 if all agree, 1 otherwise. */
    int runPairs(Path scriptsDir, CPython cpython) {
        return runPairs(Pairs.in(scriptsDir, cpython));
    }

    /** As {@link #runPairs(Pairs)} with these pairs, reference interpreters and reports. */
    int runPairs(Path scriptsDir, CPython cpython, List<CPython> furtherPythons, String selection, Optional<Path> reportsDir) {
        Pairs pairs = Pairs.in(scriptsDir, cpython).selecting(selection).withFurtherPythons(furtherPythons);
        return runPairs(reportsDir.map(pairs::reportingTo).orElse(pairs));
    }

    /** {@code python3.12,pypy3}: each found on the PATH, or not installed (its column says so). */
    static List<CPython> furtherPythons(String commands) {
        return Stream.of(commands.split(",")).map(String::strip).filter(command -> !command.isEmpty())
                .distinct().map(CPython::find).collect(Collectors.toList());
    }

    /**
     * Runs the pairs the request selects (all when blank) on CPython, GraalPy, the further interpreters and the further
     * mode, prints the table and the times, and writes the reports if asked: 0 if all agree, 1 otherwise, 2 if the
     * selection matches no pair or the twins or the mode cannot be had.
     */
    int runPairs(Pairs request) {
        Path twinClassesDir = null;
        try {
            TwinClasses twins;
            try {
                twinClassesDir = Files.createTempDirectory("asyncgraalpy-twins");
                twins = TwinClasses.of(request.scriptsDir(), request.twinsPackage(), twinClassesDir);
            } catch (TwinClasses.Unusable e) {
                errors.println(e.getMessage());
                return 2;
            }
            List<PairedExample> all = PairedExample.discover(request.scriptsDir(), twins);
            List<PairedExample> examples = PairSelection.parse(request.selection()).select(all);
            if (examples.isEmpty()) {
                errors.println("no pair in " + request.scriptsDir() + " matches -Dpairs=" + request.selection() + "; the pairs are: "
                        + all.stream().map(PairedExample::name).collect(Collectors.joining(", ")));
                return 2;
            }
            if (twins.isProject()) {
                return runPairs(request, examples, ExampleRuntime.shared());
            }
            GraalPyRuntime runtime;
            try {
                // A runtime of its own: Python may look up the twins' package, found through their class loader.
                runtime = GraalPyRuntime.builder().pythonMayLookUpPackages(twins.packageName()).hostClassLoader(twins.loader()).build();
            } catch (IllegalArgumentException e) {
                errors.println("the twins' package cannot be opened to Python: " + e.getMessage());
                return 2;
            }
            try (runtime) {
                return runPairs(request, examples, runtime);
            }
        } catch (IOException e) {
            errors.println("cannot run the pairs of " + request.scriptsDir() + ": " + e);
            return 2;
        } finally {
            deleteQuietly(twinClassesDir);
        }
    }

    private int runPairs(Pairs request, List<PairedExample> examples, GraalPyRuntime runtime) throws IOException {
        List<Comparison> comparisons = new ArrayList<>();
        Reports.Run run;
        ModeColumn modeColumn = null;
        try (GraalPyColumns graalPy = new GraalPyColumns(runtime, timeLimit)) {
            if (request.alsoMode().isPresent()) {
                try {
                    // Starts beside this JVM's first context; its first answer is awaited below.
                    modeColumn = ModeColumn.start(request.alsoMode().get(), request.jvmDir(), timeLimit);
                } catch (IllegalArgumentException e) {
                    errors.println(e.getMessage());
                    return 2;
                }
            }
            GraalPyColumns.Banner banner = graalPy.banner();
            CPython cpython = request.cpython();
            String cpythonLine = cpython.version().map(version -> version + " (python3)")
                    .orElse("not installed (python3 3.11+ not on the PATH): that column is skipped");
            run = new Reports.Run(banner.pythonVersion().replace('\n', ' '), cpythonLine);
            console.println(describeGraalPy(banner.pythonVersion()));
            if (modeColumn != null) {
                console.println(modeColumn.describe());
            }
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
                    for (CPython further : request.furtherPythons()) {
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
                    if (modeColumn != null) {
                        outcomes.put(modeColumn.column(), modeColumn.run(example));
                    }
                    referenceOutcomes.get(i).forEach((column, outcome) -> outcomes.put(column, awaitOutcome(outcome)));
                    Comparison comparison = new Comparison(example, outcomes);
                    comparisons.add(comparison);
                    console.printf("%s (%.1f s)%n", comparison.agree() ? "agree" : "DIFFER", (System.nanoTime() - start) / 1e9);
                }
            } finally {
                cpythonColumn.shutdownNow();
            }
        } finally {
            if (modeColumn != null) {
                modeColumn.close();
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
        if (request.reportsDir().isPresent()) {
            Path reportsDir = request.reportsDir().get();
            try {
                List<Path> written = Reports.write(reportsDir, run, comparisons);
                console.println("Reports: " + written.stream().map(Path::toString).collect(Collectors.joining(", ")));
            } catch (IOException e) {
                errors.println("cannot write the reports into " + reportsDir + ": " + e);
                return 1;
            }
        }
        return allAgree ? 0 : 1;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary folder
        }
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
                ? "interpreted (the start-up mode; -Drunner.mode=optimizing for the optimizing runtime where the JDK has one; see docs/runner.md, 'JDK and runtime mode')"
                : "optimizing Truffle runtime";
        return "GraalPy " + version + ": " + mode;
    }
}
