package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/async_for_words.py}: the script's scenario with the Java {@link Words}, a plain {@code Iterable}, for its async iterable class. */
public final class AsyncForWords implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(Words.class));
    }
}
