package io.github.asyncgraalpy.runtime;

import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What packages cost a context (docs/packages.md, "What it costs"): two runtimes in one JVM, one without packages and
 * one with the tests' folder (target/test-python-packages), their contexts made alternately, each to its first
 * completed {@code await}; then, in contexts with packages, what {@code import h11} adds. Medians after warm-up. Not a
 * test (no timed assertions in tests): run it by hand, as docs/packages.md shows.
 */
final class PackagesStartupProbe {

    static final String FIRST_AWAIT = String.join("\n",
            "import asyncio",
            "async def first():",
            "    await asyncio.sleep(0)",
            "    return 1",
            "assert asyncio.run(first()) == 1");
    private static final OutputStream DISCARD = OutputStream.nullOutputStream();

    private PackagesStartupProbe() {}

    public static void main(String[] args) {
        int warmUp = 3;
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        List<Double> importH11 = new ArrayList<>();
        try (GraalPyRuntime plain = GraalPyRuntime.builder().build();
                GraalPyRuntime packaged = GraalPyRuntime.builder().pythonPackages(Path.of("target", "test-python-packages")).build()) {
            for (int i = 0; i < warmUp + rounds; i++) {
                double a = toFirstAwait(plain, null);
                double[] b = new double[1];
                double c = toFirstAwait(packaged, b);
                if (i >= warmUp) {
                    without.add(a);
                    with.add(c);
                    importH11.add(b[0]);
                }
            }
        }
        System.out.printf("context to first await, median of %d: without packages %.3f s, with packages %.3f s (ratio %.2f);"
                + " import h11 then %.3f s%n", rounds, median(without), median(with), median(with) / median(without), median(importH11));
        System.exit(0);
    }

    /** Seconds from asking for a context to its first completed await; with {@code importTime}, then times {@code import h11}. */
    private static double toFirstAwait(GraalPyRuntime runtime, double[] importTime) {
        long start = System.nanoTime();
        try (PythonContext python = runtime.newContext(DISCARD, DISCARD)) {
            python.eval(FIRST_AWAIT);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (importTime != null) {
                long importStart = System.nanoTime();
                python.eval("import h11");
                importTime[0] = (System.nanoTime() - importStart) / 1e9;
            }
            return seconds;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
