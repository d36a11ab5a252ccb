package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/**
 * Twin of {@code py-scripts/native_awaitable.py}: the same {@code main()} and the same refusals, with the Java
 * {@link MyCoroutine} as the native awaitable (its constructor plays the tutorial's {@code my_coroutine()}).
 */
public final class NativeAwaitable implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(MyCoroutine.class));
    }
}
