package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;
import org.graalvm.polyglot.Value;

/**
 * Twin of {@code py-scripts/cancelled_cleanup.py}: the script's scenario with the Java coroutine {@link Recorder}.
 * The scenario's {@code recorder(n, result)} returns the coroutine and a function listing its events; for the Java
 * one, that function is its {@code events()}.
 */
public final class CancelledCleanup implements JavaTwin {

    private static final String RECORDER_FACTORY =
            "lambda Recorder: lambda n, result: (lambda coroutine: (coroutine, lambda: list(coroutine.events())))(Recorder(n, result))";

    @Override
    public void run(PythonContext python, PythonHalf script) {
        Value recorder = python.call(python.eval(RECORDER_FACTORY), python.javaType(Recorder.class));
        script.runWith(python, recorder);
    }
}
