package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/publisher_async_for.py}: the script's scenario with {@link Readings}, a Java {@code Flow.Publisher}, for its async generator. */
public final class PublisherAsyncFor implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(Readings.class));
    }
}
