package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.runner.CPython;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The benchmark harness ({@code ./mvnw -q -Pbench compile exec:exec}): what awaiting a Java awaitable costs next to a
 * native coroutine, and what the futures bridge and the loop thread cost next to asyncio's own thread-safe calls.
 *
 * <p>Each {@link Group} runs in a JVM of its own ({@link GroupMain}; a quick run puts the steady-state groups into one,
 * an engine each: {@link QuickRun#oneJvm}), with Truffle's compilation trace on, so that
 * warm-up can wait for compilation to settle; start-up runs in fresh JVMs, several times. The same workloads then run
 * on CPython when {@code python3} is installed, those of the groups that ran. Writes {@code results.json},
 * {@code chart.svg} (a partial run: {@code results-GROUPS.json}, {@code chart-GROUPS.svg}, beside them) and each
 * group's compilation log to {@code bench.out}.
 *
 * <p>Properties: {@code bench.jvmDir} (the folder of the option files the groups' JVMs start with, one per {@link Group.JvmMode}), {@code bench.out},
 * {@code bench.groups} (comma-separated, default all), {@code bench.quick} (see {@link QuickRun}), {@code bench.startupRuns} (default 5),
 * {@code bench.allowInterpreted} (report figures from an interpreter-only JDK anyway), {@code bench.quietCompilers}
 * (every group waits for the JIT compilers to fall quiet before it measures, as the pool group always does: steadier
 * figures, minutes more per group).
 */
public final class Benchmarks {

    static final long GROUP_TIMEOUT_MINUTES = 8;

    private Benchmarks() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        Path jvmDir = Path.of(System.getProperty("bench.jvmDir", "target/jvm"));
        List<Group> groups = selectedGroups(System.getProperty("bench.groups", ""));
        boolean quick = QuickRun.asked();
        Files.createDirectories(out);
        if (quick) {
            System.out.println("A quick run: " + String.join("; ", QuickRun.GIVES_UP) + ". Its ratios are early answers.");
        }

        List<Measurement> measured = new ArrayList<>();
        String graalPyVersion = "";
        for (List<Group> batch : QuickRun.oneJvm(groups, quick)) {
            Group first = batch.get(0);
            int runs = batch.size() == 1 ? runsOf(first, quick) : 1;
            if (batch.size() == 1) {
                System.out.printf("%s (%s), %s%n", first.id, first.description, runs == 1 ? "one JVM" : runs + " fresh JVMs");
            } else {
                System.out.printf("%s: one JVM, an engine each (a quick run)%n",
                        String.join(", ", batch.stream().map(group -> group.id).toList()));
            }
            List<List<List<Measurement>>> perRun = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                List<GroupRun> results = runGroups(batch, jvmDir, out);
                for (int i = 0; i < batch.size(); i++) {
                    GroupRun result = results.get(i);
                    if (result.status == GroupMain.EXIT_INTERPRETED) {
                        System.err.println("GraalPy runs interpreted on this JDK (" + result.graalPyVersion + "): such figures say nothing"
                                + " about the optimizing runtime. Build with a JDK 25 (see docs/runner.md, 'JDK and runtime mode'),"
                                + " or pass -Dbench.allowInterpreted=true.");
                        System.exit(2);
                    }
                    if (result.status != 0) {
                        System.err.println("benchmark group " + batch.get(i).id + " failed (exit " + result.status + "); see its output above");
                        System.exit(1);
                    }
                    if (!result.graalPyVersion.isEmpty()) {
                        graalPyVersion = result.graalPyVersion;
                    }
                }
                perRun.add(results.stream().map(GroupRun::measurements).toList());
            }
            for (int i = 0; i < batch.size(); i++) {
                int group = i;
                measured.addAll(merge(perRun.stream().map(run -> run.get(group)).toList()));
            }
        }

        CPython cpython = CPython.find("python3");
        String cpythonVersion = cpython.version().orElse("not installed");
        if (cpython.available()) {
            System.out.println("CPython (" + cpythonVersion + "): the same workloads and the start-up of python3 -c");
            measured.addAll(CPythonRows.measure(cpython, java.util.EnumSet.copyOf(groups)));
            if (groups.contains(Group.STARTUP) || groups.contains(Group.STARTUP_OPTIMIZING)) {
                measured.add(StartupCases.cpython(cpython, 5));
            }
        } else {
            System.out.println("CPython: python3 (3.11 or newer) is not installed; its rows and the start-up baseline are left out");
        }

        Results results = new Results(measured);
        List<Targets.Verdict> verdicts = Targets.check(results);
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean whole = groups.size() == Group.values().length;
        System.out.print(Report.table(results, verdicts));
        if (whole) {
            System.out.printf("  %-6s %-58s measured %.0f s%n", seconds <= 600 ? "met" : "MISSED",
                    quick ? "quick run within 10 minutes" : "whole harness within 10 minutes", seconds);
        }
        Path json = out.resolve(outputName("results", groups, quick, "json"));
        Path chart = out.resolve(outputName("chart", groups, quick, "svg"));
        Files.writeString(json, Report.json(results, verdicts, graalPyVersion, cpythonVersion, seconds,
                groups.stream().map(group -> group.id).toList(), whole, quick));
        Files.writeString(chart, Report.svg(results));
        System.out.println("Wrote " + json + ", " + chart + " and the groups' compilation logs");
        System.exit(0);
    }

    private record GroupRun(int status, String graalPyVersion, List<Measurement> measurements) {}

    /** Fresh JVMs per run of a start-up group ({@code bench.startupRuns}, default 5; a quick run's {@link QuickRun#startupRuns}); 1 for the rest. */
    private static int runsOf(Group group, boolean quick) {
        if (group != Group.STARTUP && group != Group.STARTUP_OPTIMIZING) {
            return 1;
        }
        return Integer.getInteger("bench.startupRuns", quick ? QuickRun.startupRuns(group) : 5);
    }

    /**
     * Runs the groups in one JVM of their mode, one after the other (one group unless a quick run batched them), and
     * reads each one's result file: a group whose JVM failed before it got to it reads as that JVM's exit status.
     */
    private static List<GroupRun> runGroups(List<Group> batch, Path jvmDir, Path out) throws IOException, InterruptedException {
        Group first = batch.get(0);
        List<Path> resultFiles = new ArrayList<>();
        for (Group group : batch) {
            Path resultFile = out.resolve(group.id + ".results");
            Files.deleteIfExists(resultFile);
            resultFiles.add(resultFile);
        }
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "@" + jvmDir.resolve(first.mode.argsFile).toAbsolutePath(),
                "-Dbench.allowInterpreted=" + Boolean.getBoolean("bench.allowInterpreted"),
                "-D" + SideBySide.QUIET_COMPILERS_PROPERTY + "=" + Boolean.getBoolean(SideBySide.QUIET_COMPILERS_PROPERTY),
                "-D" + QuickRun.PROPERTY + "=" + QuickRun.asked()));
        if (System.getProperty("bench.memoryCycles") != null) {
            command.add("-Dbench.memoryCycles=" + Integer.getInteger("bench.memoryCycles"));
        }
        String classPath = System.getProperty("java.class.path");
        if (first.mode.aotCache) {
            command.add("@" + jvmDir.resolve("aot.args").toAbsolutePath());
            classPath = jvmDir.resolve("classes.jar").toAbsolutePath().toString();
        }
        if (!first.measuresStartup()) {
            for (int i = 0; i < batch.size(); i++) {
                Files.deleteIfExists(GroupMain.compilationLog(batch.get(i), resultFiles.get(i)));
            }
            command.add("-Dpolyglot.engine.TraceCompilation=true");
            if (batch.size() == 1) {
                command.add("-Dpolyglot.log.file=" + GroupMain.compilationLog(first, resultFiles.get(0)).toAbsolutePath());
            }
        }
        command.addAll(List.of("-cp", classPath, GroupMain.class.getName()));
        for (int i = 0; i < batch.size(); i++) {
            command.addAll(List.of(batch.get(i).id, resultFiles.get(i).toString()));
        }
        Process process = new ProcessBuilder(command).inheritIO().start();
        long timeout = GROUP_TIMEOUT_MINUTES * batch.size();
        if (!process.waitFor(timeout, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("benchmark groups " + String.join(", ", batch.stream().map(group -> group.id).toList())
                    + " took longer than " + timeout + " minutes");
        }
        // The groups ran in turn until one failed: the first without its result file, or the one that found GraalPy
        // interpreted, failed with the JVM's status; those before it finished.
        int exit = process.exitValue();
        boolean failureFound = exit == 0;
        List<GroupRun> runs = new ArrayList<>();
        for (Path resultFile : resultFiles) {
            String text = Files.exists(resultFile) ? Files.readString(resultFile) : "";
            String version = text.lines().filter(line -> line.startsWith("# graalpy ")).map(line -> line.substring(10)).findFirst().orElse("");
            boolean failedHere = !failureFound && (!Files.exists(resultFile)
                    || exit == GroupMain.EXIT_INTERPRETED && version.contains("Interpreted"));
            failureFound |= failedHere;
            runs.add(new GroupRun(failedHere ? exit : 0, version, failedHere ? List.of() : ResultLines.read(text)));
        }
        if (!failureFound) {
            GroupRun last = runs.remove(runs.size() - 1);
            runs.add(new GroupRun(exit, last.graalPyVersion(), List.of()));
        }
        return runs;
    }

    /** Runs of the same group (start-up's fresh JVMs): one measurement per case, with every run's samples. */
    static List<Measurement> merge(List<List<Measurement>> runs) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        Map<String, Measurement> merged = new LinkedHashMap<>();
        for (List<Measurement> run : runs) {
            for (Measurement m : run) {
                merged.merge(m.name(), m, (a, b) -> new Measurement(a.name(), a.runtime(), a.unit(), a.baseline(),
                        Stream.concat(a.samples().stream(), b.samples().stream()).toList(),
                        Stream.concat(a.warmup().stream(), b.warmup().stream()).toList(), a.steady() && b.steady(),
                        a.compilationsWhileMeasured() + b.compilationsWhileMeasured(), a.deoptsWhileMeasured() + b.deoptsWhileMeasured()));
            }
        }
        return List.copyOf(merged.values());
    }

    /**
     * Where a run writes: {@code results.json} for a whole run; a partial one writes beside it, named for its groups
     * ({@code results-startup+await.json}), and a quick one says so ({@code results-quick.json},
     * {@code results-quick-await.json}), so that neither ever overwrites the whole run's figures.
     */
    static String outputName(String stem, List<Group> groups, boolean quick, String extension) {
        String name = quick ? stem + "-quick" : stem;
        if (groups.size() == Group.values().length) {
            return name + "." + extension;
        }
        return name + "-" + String.join("+", groups.stream().map(group -> group.id).toList()) + "." + extension;
    }

    static List<Group> selectedGroups(String property) {
        if (property.isBlank()) {
            return List.of(Group.values());
        }
        return Arrays.stream(property.split(",")).map(String::strip).map(Group::byId).toList();
    }
}
