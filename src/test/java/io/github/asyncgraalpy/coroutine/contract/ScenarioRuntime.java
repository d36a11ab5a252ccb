package io.github.asyncgraalpy.coroutine.contract;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.testing.CPythonProcess;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;

/** Where a contract scenario runs: it executes a program that builds a list {@code trace}, and returns its repr. */
interface ScenarioRuntime {

    String traceOf(String program);

    /** All GraalPy contract classes share one context; every scenario still gets a fresh namespace. */
    ScenarioRuntime GRAALPY = new ScenarioRuntime() {
        private PythonContext python;

        @Override
        public synchronized String traceOf(String program) {
            if (python == null) {
                python = TestRuntime.shared().newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream());
            }
            return python.repr(python.runScript(program, "<contract>").getHashValue("trace"));
        }
    };

    /** The CPython reference: the program runs in a python3 process of its own, which prints the trace last. */
    static ScenarioRuntime cpython(CPythonProcess cpython) {
        return program -> cpython.run(program + "\nprint(repr(trace))\n").strip().lines().reduce((first, second) -> second).orElse("");
    }
}
