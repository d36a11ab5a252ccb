package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.IteratorCoroutine;
import io.github.asyncgraalpy.coroutine.PythonIterator;
import io.github.asyncgraalpy.examples.Countdown;
import io.github.asyncgraalpy.examples.MyCoroutine;
import io.github.asyncgraalpy.examples.Words;
import io.github.asyncgraalpy.runner.CPython;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * The benchmark harness ({@code ./mvnw -q -Pbench compile exec:exec}): what awaiting a Java awaitable costs next to a
 * native coroutine, each case against its baseline measured in the same run and JVM, plus CPython's figures for the
 * pure-Python cases. Writes {@code target/bench/results.json} and {@code target/bench/chart.svg}.
 *
 * <p>It refuses to report figures from an interpreter-only JDK unless {@code -Dbench.allowInterpreted=true}.
 */
public final class Benchmarks {

    static final int SAMPLES = 10;

    private final PythonContext python;
    private final Value workloads;

    private Benchmarks(PythonContext python) {
        this.python = python;
        this.workloads = python.loadModule(workloadSource(), "workloads.py", "workloads");
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        int status;
        try (PythonContext python = GraalPyRuntime.shared().newContext()) {
            String version = python.pythonVersion().replace('\n', ' ');
            System.out.println("GraalPy " + version);
            if (version.contains("Interpreted") && !Boolean.getBoolean("bench.allowInterpreted")) {
                System.err.println("GraalPy runs interpreted on this JDK: such figures say nothing about the optimizing runtime."
                        + " Build with a JDK 25 (see README, 'JDK and runtime mode'), or pass -Dbench.allowInterpreted=true.");
                status = 2;
            } else {
                List<Report.Row> rows = new Benchmarks(python).runAll(CPython.find("python3"));
                System.out.print(Report.table(rows));
                Files.createDirectories(out);
                Files.writeString(out.resolve("results.json"), Report.json(rows, version));
                Files.writeString(out.resolve("chart.svg"), Report.svg(rows));
                System.out.println("Wrote " + out.resolve("results.json") + " and " + out.resolve("chart.svg"));
                status = 0;
            }
        } finally {
            GraalPyRuntime.shared().close();
        }
        System.exit(status);
    }

    private List<Report.Row> runAll(CPython cpython) {
        long start = System.nanoTime();
        List<Report.Row> rows = new ArrayList<>();
        Value partial = python.eval("__import__('functools').partial");
        Value awaits = workloads.getHashValue("awaits");
        int awaitsPerRound = 20_000;

        // Case 1: an await that returns at once.
        Map<String, Value> immediate = new LinkedHashMap<>();
        immediate.put("await/native-async-def", workloads.getHashValue("native_immediate"));
        immediate.put("await/python-class", workloads.getHashValue("PythonImmediate"));
        immediate.put("await/java-mycoroutine", python.javaType(MyCoroutine.class));
        immediate.put("await/java-coroutine", python.call(partial, python.javaType(Countdown.class), 0, 1));
        immediate.put("await/java-iterator", python.call(partial, python.javaType(IteratorCoroutine.class), new Words(""), 1));
        rows.addAll(group(awaitsPerRound, immediate, awaits, awaitsPerRound));

        // Case 2: ten suspensions per await: the cost of a step, including the event loop's turn.
        int tenStepAwaits = 2_000;
        Map<String, Value> tenSteps = new LinkedHashMap<>();
        tenSteps.put("steps10/native-async-def", workloads.getHashValue("native_ten_suspensions"));
        tenSteps.put("steps10/java-coroutine", python.call(partial, python.javaType(Countdown.class), 10, 1));
        rows.addAll(group(tenStepAwaits * 10L, tenSteps, awaits, tenStepAwaits));

        // Case 3: Java driving a Python coroutine step by step, against Python driving it.
        int steps = 20_000;
        Measurement pythonDrives = Measurement.measure("drive/python-drives", "GraalPy", steps, SAMPLES,
                () -> python.call(workloads.getHashValue("python_steps"), steps).asLong());
        Measurement javaDrives = Measurement.measure("drive/java-drives", "GraalPy", steps, SAMPLES, () -> javaDrives(steps));
        rows.add(new Report.Row(pythonDrives, "ns per step", pythonDrives));
        rows.add(new Report.Row(javaDrives, "ns per step", pythonDrives));

        rows.addAll(cpythonRows(cpython, awaitsPerRound, tenStepAwaits, steps));
        System.out.printf("(measured in %.0f s)%n", (System.nanoTime() - start) / 1e9);
        return rows;
    }

    /**
     * Measures each factory's awaits side by side, in order; the first is the baseline the others are related to.
     */
    private List<Report.Row> group(long operations, Map<String, Value> factories, Value awaits, int awaitsPerRound) {
        List<Measurement> measured = new ArrayList<>();
        for (Map.Entry<String, Value> entry : factories.entrySet()) {
            System.out.println("  measuring " + entry.getKey() + " …");
            measured.add(Measurement.measure(entry.getKey(), "GraalPy", operations, SAMPLES,
                    () -> python.call(awaits, entry.getValue(), awaitsPerRound).asLong()));
        }
        String unit = measured.get(0).name().startsWith("steps10") ? "ns per step" : "ns per await";
        List<Report.Row> rows = new ArrayList<>();
        for (Measurement measurement : measured) {
            rows.add(new Report.Row(measurement, unit, measured.get(0)));
        }
        return rows;
    }

    private long javaDrives(int steps) {
        Value coroutine = python.call(workloads.getHashValue("stepping_coroutine"), steps);
        PythonIterator iterator = PythonIterator.of(python, python.call(coroutine.getMember("__await__")));
        long start = System.nanoTime();
        while (!(iterator.next() instanceof IterNextOutput.Return)) {
            // one step per iteration
        }
        return System.nanoTime() - start;
    }

    /** The pure-Python cases on CPython, for the same table: no baseline across runtimes, ratios within CPython. */
    private List<Report.Row> cpythonRows(CPython cpython, int awaitsPerRound, int tenStepAwaits, int steps) {
        if (!cpython.available()) {
            System.out.println("  CPython: not installed, its rows are left out");
            return List.of();
        }
        System.out.println("  measuring on " + cpython.version().orElseThrow() + " …");
        Map<String, long[]> plan = new LinkedHashMap<>();
        plan.put("await/native-async-def", new long[] {awaitsPerRound, 5, SAMPLES});
        plan.put("await/python-class", new long[] {awaitsPerRound, 5, SAMPLES});
        plan.put("steps10/native-async-def", new long[] {tenStepAwaits, 5, SAMPLES});
        plan.put("drive/python-drives", new long[] {steps, 5, SAMPLES});
        Map<String, List<Long>> rounds = CPythonWorkloads.run(cpython, workloadSource(), plan);
        Map<String, Long> operations = Map.of("await/native-async-def", (long) awaitsPerRound, "await/python-class", (long) awaitsPerRound,
                "steps10/native-async-def", tenStepAwaits * 10L, "drive/python-drives", (long) steps);
        Map<String, Measurement> measured = new LinkedHashMap<>();
        rounds.forEach((name, nanos) -> measured.put(name, new Measurement(name, "CPython",
                nanos.stream().map(ns -> ns / (double) operations.get(name)).toList(), 5)));
        List<Report.Row> rows = new ArrayList<>();
        rows.add(new Report.Row(measured.get("await/native-async-def"), "ns per await", measured.get("await/native-async-def")));
        rows.add(new Report.Row(measured.get("await/python-class"), "ns per await", measured.get("await/native-async-def")));
        rows.add(new Report.Row(measured.get("steps10/native-async-def"), "ns per step", measured.get("steps10/native-async-def")));
        rows.add(new Report.Row(measured.get("drive/python-drives"), "ns per step", measured.get("drive/python-drives")));
        return rows;
    }

    static String workloadSource() {
        try (InputStream in = Benchmarks.class.getResourceAsStream("workloads.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
