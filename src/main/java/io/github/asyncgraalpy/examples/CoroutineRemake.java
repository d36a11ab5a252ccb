package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/**
 * Twin of {@code py-scripts/coroutine_remake.py}: the same {@code main()}, awaiting the Java {@link MyCoroutineCopy}
 * where the script awaits its Python class.
 */
public final class CoroutineRemake implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(MyCoroutineCopy.class));
    }
}
