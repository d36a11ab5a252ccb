package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/producers_feed_async_for.py}: the script's scenario with {@link JavaProducers}, producer threads in Java, for its producer tasks. */
public final class ProducersFeedAsyncFor implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(JavaProducers.class));
    }
}
