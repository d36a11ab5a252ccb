package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/countdown_awaited.py}: the script's scenario with the Java coroutine {@link Countdown} for {@code countdown}. */
public final class CountdownAwaited implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(Countdown.class));
    }
}
