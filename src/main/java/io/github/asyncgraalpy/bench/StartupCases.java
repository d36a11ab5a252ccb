package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.runner.CPython;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Case 6: start-up to the first completed {@code await}. Runs in a JVM of its own, started for it: the first
 * context's time counts from the JVM's start, each further context's from asking for it (the engine is shared).
 */
final class StartupCases {

    /** What every runtime must get through: import asyncio, run a loop, suspend once, return. */
    static final String FIRST_AWAIT = String.join("\n",
            "import asyncio",
            "async def first():",
            "    await asyncio.sleep(0)",
            "    return 1",
            "assert asyncio.run(first()) == 1");
    static final int FURTHER_CONTEXTS = 3;

    private StartupCases() {}

    /** In this fresh JVM: the first context, then {@value #FURTHER_CONTEXTS} more, each to its first completed await. */
    static List<Measurement> inThisJvm() {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
        firstAwait();
        double first = Duration.between(jvmStart, Instant.now()).toNanos() / 1e9;
        List<Double> further = new ArrayList<>();
        for (int i = 0; i < FURTHER_CONTEXTS; i++) {
            long start = System.nanoTime();
            firstAwait();
            further.add((System.nanoTime() - start) / 1e9);
        }
        return List.of(
                Measurement.unwarmed("startup/first-context", "GraalPy", "s", "startup/cpython", List.of(first)),
                Measurement.unwarmed("startup/further-context", "GraalPy", "s", "startup/cpython", further));
    }

    private static void firstAwait() {
        try (PythonContext python = GraalPyRuntime.shared().newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream())) {
            python.eval(FIRST_AWAIT);
        }
    }

    /** CPython's {@code python3 -c} to the same point, process start to exit, {@code runs} times. */
    static Measurement cpython(CPython cpython, int runs) {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            try {
                long start = System.nanoTime();
                Process process = new ProcessBuilder(cpython.executable(), "-c", FIRST_AWAIT).redirectErrorStream(true).start();
                process.getInputStream().readAllBytes();
                if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("python3 -c failed to reach its first await");
                }
                seconds.add((System.nanoTime() - start) / 1e9);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return Measurement.unwarmed("startup/cpython", "CPython", "s", "startup/cpython", seconds);
    }
}
