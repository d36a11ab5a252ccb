package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runner.CPython;
import io.github.asyncgraalpy.runtime.PrestartedContexts;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Case 6: start-up to the first completed {@code await}. Runs in a JVM of its own, started for it: the first
 * context's time counts from the JVM's start, each further context's from asking for it (the engine is shared), a
 * pooled context's from taking it.
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
    static final int HAND_OUTS = 3;
    private static final OutputStream DISCARD = OutputStream.nullOutputStream();

    /**
     * In this fresh JVM: the first context from the JVM's start, then {@value #FURTHER_CONTEXTS} more, each to its
     * first completed await; then {@value #HAND_OUTS} contexts taken from a {@link PrestartedContexts} that had time to build
     * them (the hand-out alone, then to the first await). {@code suffix} tells the JVM mode apart in the case names.
     */
    static List<Measurement> inThisJvm(String suffix) throws InterruptedException {
        Instant jvmStart = ProcessHandle.current().info().startInstant().orElseThrow();
        Duration toMain = Duration.between(jvmStart, Instant.now());
        long awaitStart;
        try (PythonContext python = ExampleRuntime.shared().newContext(DISCARD, DISCARD)) {
            awaitStart = System.nanoTime();
            python.eval(FIRST_AWAIT);
            System.out.printf("  first context: JVM start to main %d ms, engine %d ms, %s, first await %d ms%n", toMain.toMillis(),
                    ExampleRuntime.shared().engineStartup().toMillis(), python.startup(), (System.nanoTime() - awaitStart) / 1_000_000);
        }
        double first = Duration.between(jvmStart, Instant.now()).toNanos() / 1e9;
        List<Double> further = new ArrayList<>();
        for (int i = 0; i < FURTHER_CONTEXTS; i++) {
            long start = System.nanoTime();
            try (PythonContext python = ExampleRuntime.shared().newContext(DISCARD, DISCARD)) {
                awaitStart = System.nanoTime();
                python.eval(FIRST_AWAIT);
                System.out.printf("  further context: %s, first await %d ms%n", python.startup(), (System.nanoTime() - awaitStart) / 1_000_000);
            }
            further.add((System.nanoTime() - start) / 1e9);
        }
        List<Double> handOut = new ArrayList<>();
        List<Double> pooledToAwait = new ArrayList<>();
        try (PrestartedContexts prestarted = ExampleRuntime.shared().prestartContexts(1, Set.of())) {
            for (int i = 0; i < HAND_OUTS; i++) {
                if (!prestarted.awaitFull(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("the prestarted contexts did not fill within 60 s");
                }
                long start = System.nanoTime();
                try (PythonContext python = prestarted.take(DISCARD, DISCARD)) {
                    handOut.add((System.nanoTime() - start) / 1e9);
                    python.eval(FIRST_AWAIT);
                    pooledToAwait.add((System.nanoTime() - start) / 1e9);
                }
            }
        }
        return List.of(
                Measurement.unwarmed("startup/first-context" + suffix, "GraalPy", "s", "startup/cpython", List.of(first)),
                Measurement.unwarmed("startup/further-context" + suffix, "GraalPy", "s", "startup/cpython", further),
                Measurement.unwarmed("startup/pool-hand-out" + suffix, "GraalPy", "s", "startup/cpython", handOut),
                Measurement.unwarmed("startup/pooled-to-first-await" + suffix, "GraalPy", "s", "startup/cpython", pooledToAwait));
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
