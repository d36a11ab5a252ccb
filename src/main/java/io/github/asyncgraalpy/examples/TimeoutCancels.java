package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/timeout_cancels.py}: the script's scenario with {@link JavaSleep}, whose Java future is cancelled by the timeout, for its sleeping task. */
public final class TimeoutCancels implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(JavaSleep.class));
    }
}
