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
                new SideBySide.Case("drive/java-drives", () -> javaDrives(workloads) / (double) STEPS),
                new SideBySide.Case("drive/floor-guest-call", () -> guestCalls(workloads) / (double) STEPS),
                new SideBySide.Case("drive/floor-java-next", () -> javaNext(workloads) / (double) STEPS));
        return SideBySide.measure("drive", "ns per step", cases, POLICY, log, System.out);
    }

    /** The floor under every step Java drives: a call into Python that does nothing, no coroutine, no result read. */
    private static long guestCalls(Workloads workloads) {
        Value nothing = workloads.get("nothing");
        long start = System.nanoTime();
        for (int i = 0; i < STEPS; i++) {
            nothing.executeVoid();
        }
        return System.nanoTime() - start;
    }

    /**
     * The other floor: Java calling Python's own {@code next} on the coroutine's iterator, without
     * {@code asyncgraalpy.step}, its tuple or reading it; what resuming a coroutine from Java costs by itself.
     */
    private static long javaNext(Workloads workloads) {
        Value iterator = workloads.python().call(workloads.python().call(workloads.get("stepping"), STEPS).getMember("__await__"));
        Value next = workloads.get("next_step");
        long start = System.nanoTime();
        for (int i = 0; i < STEPS; i++) {
            next.execute(iterator);
        }
        return System.nanoTime() - start;
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
