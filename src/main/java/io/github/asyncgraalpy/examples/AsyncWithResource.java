package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/async_with_resource.py}: the script's scenario with the Java {@link Resource}, a plain {@code AutoCloseable}, for its async context manager. */
public final class AsyncWithResource implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(Resource.class));
    }
}
