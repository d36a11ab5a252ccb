package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.PythonIterator;
import java.util.List;
import org.graalvm.polyglot.Value;

/** Case 3: Java driving a Python coroutine step by step (the tutorial's {@code await_foo}), against Python driving it. */
final class DriveCases {

    static final int STEPS = 100_000;

    private DriveCases() {}

    static List<Measurement> measure(Workloads workloads, CompilationLog log) {
        List<SideBySide.Case> cases = List.of(
                new SideBySide.Case("drive/python-drives", () -> workloads.nanos("python_drives", STEPS) / (double) STEPS),
                new SideBySide.Case("drive/java-drives", () -> javaDrives(workloads) / (double) STEPS));
        return SideBySide.measure("drive", "ns per step", cases, SideBySide.Policy.DEFAULT, log, System.out);
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
