package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.coroutine.IteratorCoroutine;
import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/iterator_awaited.py}: the script's scenario with {@link IteratorCoroutine} for {@code drain}, the Java {@link Words} for {@code words}, and {@link EndlessIterator} for {@code endless}. */
public final class IteratorAwaited implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(IteratorCoroutine.class), python.javaType(Words.class), python.javaType(EndlessIterator.class));
    }
}
