package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/failing_coroutine.py}: the script's scenario with the Java coroutine {@link Failing} for {@code failing}. */
public final class FailingCoroutine implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(Failing.class));
    }
}
