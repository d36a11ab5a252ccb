package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/gather_interleaving.py}: the script's scenario with the Java coroutine {@link Ticker} for {@code ticker}. */
public final class GatherInterleaving implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(Ticker.class));
    }
}
