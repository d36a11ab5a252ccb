package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.PythonIterator;
import java.util.List;
import org.graalvm.polyglot.Value;

/** Case 3: Java driving a Python coroutine step by step (the tutorial's {@code await_foo}), against Python driving it. */
final class DriveCases {

    static final int STEPS = 100_000;
    /**
     * Waits for quiet compilers. Measured before they were, two runs gave 6.8× and 9.2×, and a third 7.3× with its
     * rounds spread 18× (p10–p90), never settled; after, 6.99× and 6.58×, spread within 15 %, settled in about 40 s.
     */
    private static final SideBySide.Policy POLICY = SideBySide.Policy.DEFAULT.waitingForQuietCompilers();

    private DriveCases() {}

    static List<Measurement> measure(Workloads workloads, CompilationLog log) {
        List<SideBySide.Case> cases = List.of(
                new SideBySide.Case("drive/python-drives", () -> workloads.nanos("python_drives", STEPS) / (double) STEPS),
                new SideBySide.Case("drive/java-drives", () -> javaDrives(workloads) / (double) STEPS));
        return SideBySide.measure("drive", "ns per step", cases, POLICY, log, System.out);
    }

    private static long javaDrives(Workloads workloads) {
        Value coroutine = workloads.python().call(workloads.get("stepping"), STEPS);
        PythonIterator iterator = PythonIterator.of(workloads.python(), workloads.python().call(coroutine.getMember("__await__")));
        long start = System.nanoTime();
        while (!(iterator.next() instanceof IterNextOutput.Return)) {
            // one step of the coroutine per iteration
        }
        return System.nanoTime() - start;
    }
}
