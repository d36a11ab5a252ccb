package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/fan_out_futures.py}: the script's scenario with {@link Squares#square}, futures computed on a Java pool, for its {@code async def}. */
public final class FanOutFutures implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.context().asValue(new Squares()).getMember("square"));
    }
}
