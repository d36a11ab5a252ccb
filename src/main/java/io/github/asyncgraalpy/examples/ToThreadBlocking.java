package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/to_thread_blocking.py}: the script's scenario with {@link Lookups#fetch}, a blocking Java call, for its sleeping function. */
public final class ToThreadBlocking implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(Lookups.class).getMember("fetch"));
    }
}
