package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The pair runner: every pair in {@code py-scripts/} (or the folder and selection asked for) on CPython, on GraalPy as
 * Python and as the Java twin, and on further interpreters and modes; prints the comparison table and the times and
 * writes the reports. Its status is 0 only if every pair agrees.
 */
final class PairRunner {

    static final String SCRIPTS_PROPERTY = "asyncgraalpy.scripts";
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
    /** How many times each cell runs, each time afresh; empty: once. */
    static final String REPEAT_PROPERTY = "asyncgraalpy.repeat";
    /** A report.json of an earlier run to compare this one with; empty: none. */
    static final String COMPARE_TO_PROPERTY = "asyncgraalpy.compareTo";
    /** {@code true}: run the reference interpreters whatever their version; otherwise one older than 3.11 is not used. */
    static final String ANY_VERSION_PROPERTY = "asyncgraalpy.pythonsAnyVersion";

    /**
     * Contexts the shared columns keep ready: more than one, so that their builder goes on while a script sleeps
     * (sleep_on_a_java_scheduler, pool_fan_out) and the next scripts find theirs ready; one builder still, so a
     * script's time is taken beside one build at most, as ever. None is built past the last run ({@link
     * GraalPyColumns#expectRuns}).
     */
    static final int STARTED_AHEAD = 4;

    private final PrintStream console;
    private final PrintStream errors;
    private final Duration timeLimit;

    PairRunner(PrintStream console) {
        this(console, System.err, TimeLimit.DEFAULT);
    }

    /** Prints the table to {@code console}, and why a run was refused to {@code errors}; each run may take {@code timeLimit}. */
    PairRunner(PrintStream console, PrintStream errors, Duration timeLimit) {
        this.console = console;
        this.errors = errors;
        this.timeLimit = timeLimit;
    }

    /**
     * What a run of the pairs is asked for: the scripts' folder and their twins' package, which pairs, the reference
     * interpreters, a further GraalPy mode and where the build wrote its options, and where the reports go.
     */
    record Pairs(Path scriptsDir, Optional<String> twinsPackage, String selection, CPython cpython, List<CPython> furtherPythons,
            Optional<String> alsoMode, Path jvmDir, Optional<Path> reportsDir, int repeat, Optional<Path> compareTo) {

        Pairs {
            if (repeat < 1) {
                throw new IllegalArgumentException("-Drepeat takes a whole number from 1, not " + repeat);
            }
        }

        /** Every pair in {@code scriptsDir} against {@code cpython}, nothing more, once, no reports. */
        static Pairs in(Path scriptsDir, CPython cpython) {
            return new Pairs(scriptsDir, Optional.empty(), "", cpython, List.of(), Optional.empty(), Path.of("target", "jvm"), Optional.empty(),
                    1, Optional.empty());
        }

        /**
         * What the main job's properties ask for.
         *
         * @throws IllegalArgumentException for a {@code -Drepeat} that is no whole number from 1
         */
        static Pairs fromSystemProperties() {
            boolean anyVersion = Boolean.parseBoolean(System.getProperty(ANY_VERSION_PROPERTY, "false").strip());
            return new Pairs(Path.of(System.getProperty(SCRIPTS_PROPERTY, "py-scripts")), nonBlank(TWINS_PROPERTY),
                    System.getProperty(PAIRS_PROPERTY, ""), CPython.find("python3", anyVersion),
                    PairRunner.furtherPythons(System.getProperty(PYTHONS_PROPERTY, ""), anyVersion),
                    nonBlank(ALSO_MODE_PROPERTY), Path.of(System.getProperty(JVM_DIR_PROPERTY, "target/jvm")), nonBlank(REPORTS_PROPERTY).map(Path::of),
                    repeat(nonBlank(REPEAT_PROPERTY).orElse("1")), nonBlank(COMPARE_TO_PROPERTY).map(Path::of));
        }

        static int repeat(String value) {
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-Drepeat takes a whole number from 1, not '" + value + "'");
            }
        }

        private static Optional<String> nonBlank(String property) {
            return Optional.of(System.getProperty(property, "").strip()).filter(value -> !value.isEmpty());
        }

        Pairs selecting(String names) {
            return new Pairs(scriptsDir, twinsPackage, names, cpython, furtherPythons, alsoMode, jvmDir, reportsDir, repeat, compareTo);
        }

        Pairs withCPython(CPython python) {
            return new Pairs(scriptsDir, twinsPackage, selection, python, furtherPythons, alsoMode, jvmDir, reportsDir, repeat, compareTo);
        }

        Pairs withFurtherPythons(List<CPython> pythons) {
            return new Pairs(scriptsDir, twinsPackage, selection, cpython, pythons, alsoMode, jvmDir, reportsDir, repeat, compareTo);
        }

        Pairs reportingTo(Path dir) {
            return new Pairs(scriptsDir, twinsPackage, selection, cpython, furtherPythons, alsoMode, jvmDir, Optional.of(dir), repeat, compareTo);
        }

        Pairs twinsIn(String packageName) {
            return new Pairs(scriptsDir, Optional.of(packageName), selection, cpython, furtherPythons, alsoMode, jvmDir, reportsDir, repeat, compareTo);
        }

        Pairs alsoIn(String mode, Path optionsDir) {
            return new Pairs(scriptsDir, twinsPackage, selection, cpython, furtherPythons, Optional.of(mode), optionsDir, reportsDir, repeat, compareTo);
        }

        Pairs repeating(int times) {
            return new Pairs(scriptsDir, twinsPackage, selection, cpython, furtherPythons, alsoMode, jvmDir, reportsDir, times, compareTo);
        }

        Pairs comparedTo(Path savedReport) {
            return new Pairs(scriptsDir, twinsPackage, selection, cpython, furtherPythons, alsoMode, jvmDir, reportsDir, repeat, Optional.of(savedReport));
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

    /** {@code python3.12,pypy3}: each found on the PATH, or not installed, or too old (its column says so). */
    static List<CPython> furtherPythons(String commands) {
        return furtherPythons(commands, false);
    }

    /** As {@link #furtherPythons(String)}; with {@code anyVersion}, one older than the pairs need runs all the same. */
    static List<CPython> furtherPythons(String commands, boolean anyVersion) {
        return Stream.of(commands.split(",")).map(String::strip).filter(command -> !command.isEmpty())
                .distinct().map(command -> CPython.find(command, anyVersion)).collect(Collectors.toList());
    }

    /**
     * Runs the pairs the request selects (all when blank) on CPython, GraalPy, the further interpreters and the further
     * mode, prints the table and the times, and writes the reports if asked: 0 if all agree, 1 otherwise, 2 if the
     * selection matches no pair or the twins or the mode cannot be had.
     */
    int runPairs(Pairs request) {
        Optional<SavedRun> saved = Optional.empty();
        if (request.compareTo().isPresent()) {
            try {
                // Before anything runs: a run that cannot be compared as asked is not worth its minutes.
                saved = Optional.of(SavedRun.read(request.compareTo().get()));
            } catch (SavedRun.Unusable e) {
                errors.println(e.getMessage());
                return 2;
            }
        }
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
            for (PairedExample example : examples) {
                try {
                    example.network(); // before anything runs: a pair whose declaration is wrong is no run's to find
                } catch (IllegalArgumentException badDeclaration) {
                    errors.println(badDeclaration.getMessage());
                    return 2;
                }
            }
            // Before any pair runs: the packages the folder's requirements.txt names, for every column (PairPackages).
            Optional<Path> packages = Optional.empty();
            try {
                Optional<PairRequirements> requirements = PairRequirements.beside(request.scriptsDir());
                if (requirements.isPresent()) {
                    PairPackages installed = PairPackages.fromSystemProperties(request.jvmDir(), console);
                    packages = Optional.of(installed.forGraalPy(requirements.get()));
                    List<CPython> further = new ArrayList<>();
                    for (CPython python : request.furtherPythons()) {
                        further.add(installed.forCPython(requirements.get(), python));
                    }
                    request = request.withCPython(installed.forCPython(requirements.get(), request.cpython())).withFurtherPythons(further);
                }
            } catch (IllegalArgumentException | PairPackages.Unusable e) {
                errors.println(e.getMessage());
                return 2;
            }
            if (twins.isProject() && packages.isEmpty()) {
                return runPairs(request, examples, ExampleRuntime.shared(), saved, packages);
            }
            // A runtime of its own: the folder's packages served, and Python may look up the twins' package, found
            // through their class loader.
            Optional<Path> served = packages;
            Supplier<GraalPyRuntime.Builder> runtimes = () -> {
                GraalPyRuntime.Builder builder = twins.isProject() ? ExampleRuntime.builder()
                        : GraalPyRuntime.builder().pythonMayLookUpPackages(twins.packageName()).hostClassLoader(twins.loader());
                served.ifPresent(builder::pythonPackages);
                return builder;
            };
            GraalPyRuntime runtime;
            try {
                runtime = runtimes.get().build();
            } catch (IllegalArgumentException e) {
                errors.println((twins.isProject() ? "the packages cannot be served to Python: " : "the twins' package cannot be opened to Python: ")
                        + e.getMessage());
                return 2;
            }
            try (runtime) {
                return runPairs(request, examples, runtime, saved, packages);
            }
        } catch (IOException e) {
            errors.println("cannot run the pairs of " + request.scriptsDir() + ": " + e);
            return 2;
        } finally {
            deleteQuietly(twinClassesDir);
        }
    }

    /** The pairs that declare a network run on {@code runtime}'s engine with their policy ({@link PairColumns}). */
    private int runPairs(Pairs request, List<PairedExample> examples, GraalPyRuntime runtime,
            Optional<SavedRun> saved, Optional<Path> packages) throws IOException {
        List<Comparison> comparisons = new ArrayList<>();
        Reports.Run run;
        ModeColumn modeColumn = null;
        try (GraalPyColumns graalPy = new GraalPyColumns(runtime, STARTED_AHEAD, timeLimit);
                PairColumns columns = new PairColumns(graalPy, runtime, timeLimit)) {
            if (request.alsoMode().isPresent()) {
                try {
                    // Starts beside this JVM's first context; its first answer is awaited below.
                    modeColumn = ModeColumn.start(request.alsoMode().get(), request.jvmDir(), timeLimit, packages);
                } catch (IllegalArgumentException e) {
                    errors.println(e.getMessage());
                    return 2;
                }
            }
            // The banner's context, then each pair's two GraalPy columns a fresh one per run: none is built beyond the last.
            int runsPerPair = 2 * request.repeat();
            graalPy.expectRuns(1 + runsPerPair * (int) examples.stream().filter(example -> example.network().isEmpty()).count());
            GraalPyColumns.Banner banner = graalPy.banner();
            CPython cpython = request.cpython();
            String cpythonLine = describeReference(cpython);
            Map<String, String> furtherLines = new LinkedHashMap<>();
            for (CPython further : request.furtherPythons()) {
                furtherLines.put(further.executable(), describeReference(further));
            }
            String mode = banner.pythonVersion().contains("Interpreted") ? "interpreted" : "optimizing";
            run = new Reports.Run(banner.pythonVersion().replace('\n', ' '), cpythonLine, furtherLines,
                    mode + request.alsoMode().map(also -> ", and " + also + " in a second JVM").orElse(""), request.repeat());
            console.println(describeGraalPy(banner.pythonVersion()));
            if (modeColumn != null) {
                console.println(modeColumn.describe());
            }
            console.println("CPython: " + cpythonLine);
            furtherLines.forEach((command, line) -> console.println(command + ": " + line));
            console.println("First GraalPy context ready in " + banner.startup() + "; every run gets a fresh one, started ahead of need");
            // CPython runs in processes of its own, so its column goes on beside GraalPy's, one script at a time.
            ExecutorService cpythonColumn = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "cpython-column");
                thread.setDaemon(true);
                return thread;
            });
            try {
                // The reference interpreters run in processes of their own, one script at a time, beside GraalPy.
                // Each cell runs request.repeat() times, each run afresh: a process, or a context, of its own.
                List<Map<Column, List<Future<Outcome>>>> referenceOutcomes = new ArrayList<>();
                for (PairedExample example : examples) {
                    Map<Column, List<Future<Outcome>>> forThisPair = new LinkedHashMap<>();
                    for (CPython reference : references(request)) {
                        List<Future<Outcome>> runs = new ArrayList<>();
                        for (int r = 0; r < request.repeat(); r++) {
                            runs.add(cpythonColumn.submit(() -> reference.run(example.script(), List.of(), timeLimit)));
                        }
                        forThisPair.put(reference == cpython ? Column.CPYTHON : Column.reference(reference.executable()), runs);
                    }
                    referenceOutcomes.add(forThisPair);
                }
                if (!examples.isEmpty()) {
                    columns.prepare(examples.get(0), runsPerPair);
                }
                for (int i = 0; i < examples.size(); i++) {
                    PairedExample example = examples.get(i);
                    console.printf("[%d/%d] %s ", i + 1, examples.size(), example.name());
                    long start = System.nanoTime();
                    if (i + 1 < examples.size()) {
                        // A pair with a network of its own gets its first context built while the pair before it runs.
                        columns.prepare(examples.get(i + 1), runsPerPair);
                    }
                    Map<Column, List<Outcome>> outcomes = new LinkedHashMap<>();
                    for (int r = 0; r < request.repeat(); r++) {
                        outcomes.computeIfAbsent(Column.GRAALPY_PYTHON, column -> new ArrayList<>()).add(columns.runScript(example));
                        outcomes.computeIfAbsent(Column.GRAALPY_JAVA_TWIN, column -> new ArrayList<>()).add(columns.runTwin(example));
                        if (modeColumn != null) {
                            outcomes.computeIfAbsent(modeColumn.column(), column -> new ArrayList<>()).add(modeColumn.run(example));
                        }
                    }
                    referenceOutcomes.get(i).forEach((column, runs) -> outcomes.put(column, runs.stream().map(PairRunner::awaitOutcome).toList()));
                    Comparison comparison = Comparison.ofRuns(example, outcomes);
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
        if (saved.isPresent()) {
            console.println();
            console.print(ComparisonTable.versusSaved(comparisons, saved.get()));
        }
        boolean allAgree = comparisons.stream().allMatch(Comparison::agree);
        console.println(allAgree
                ? "\nAll " + comparisons.size() + " pairs agree."
                : "\n" + comparisons.stream().filter(c -> !c.agree()).count() + " of " + comparisons.size() + " pairs differ.");
        if (request.reportsDir().isPresent()) {
            Path reportsDir = request.reportsDir().get();
            try {
                List<Path> written = Reports.write(reportsDir, run, comparisons, saved);
                console.println("Reports: " + written.stream().map(Path::toString).collect(Collectors.joining(", ")));
            } catch (IOException e) {
                errors.println("cannot write the reports into " + reportsDir + ": " + e);
                return 1;
            }
        }
        return allAgree ? 0 : 1;
    }

    /** CPython, then the further interpreters: the columns that run in processes of their own. */
    private static List<CPython> references(Pairs request) {
        List<CPython> references = new ArrayList<>();
        references.add(request.cpython());
        references.addAll(request.furtherPythons());
        return references;
    }

    static void deleteQuietly(Path dir) {
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

    /**
     * One line on a reference interpreter: {@code Python 3.11.7 (python3)}; or, when it has no column, why: not
     * installed, or its version and what the pairs need; or that it runs although older, as asked.
     */
    static String describeReference(CPython python) {
        if (python.whyNotUsed().isPresent()) {
            String why = python.whyNotUsed().get();
            return (why.equals("not installed") ? "not installed (" + python.executable() + " not on the PATH)" : why) + ": that column is skipped";
        }
        String line = python.version().orElseThrow().lines().findFirst().orElse("") + " (" + python.executable() + ")"
                + python.environment().map(venv -> ", in the virtual environment " + venv).orElse("");
        return python.olderThanNeeded() ? line + ", older than the pairs need (" + CPython.NEEDED + "): run as -Dpythons.anyVersion=true asks" : line;
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
