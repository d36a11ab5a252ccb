package io.github.asyncgraalpy.coroutine.contract;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runner.CPython;
import io.github.asyncgraalpy.runner.Outcome;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a contract scenario runs: it executes a program that builds a list {@code trace}, and returns its repr. */
interface ScenarioRuntime {

    String traceOf(String program);

    /** All GraalPy contract classes share one context; every scenario still gets a fresh namespace. */
    ScenarioRuntime GRAALPY = new ScenarioRuntime() {
        private PythonContext python;

        @Override
        public synchronized String traceOf(String program) {
            if (python == null) {
                python = ExampleRuntime.shared().newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream());
            }
            return python.repr(python.runScript(program, "<contract>").getHashValue("trace"));
        }
    };

    static ScenarioRuntime cpython(CPython cpython) {
        return program -> {
            try {
                Path script = Files.createTempFile("contract", ".py");
                try {
                    Files.writeString(script, program + "\nprint(repr(trace))\n");
                    Outcome outcome = cpython.run(script);
                    if (outcome.status() != Outcome.Status.OK) {
                        throw new AssertionError("CPython raised " + outcome.failure() + ":\n" + outcome.detail());
                    }
                    return outcome.stdout().strip().lines().reduce((first, second) -> second).orElse("");
                } finally {
                    Files.deleteIfExists(script);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
