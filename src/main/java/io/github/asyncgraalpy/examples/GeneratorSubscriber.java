package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/generator_subscriber.py}: the script's scenario with {@link FirstElements}, a Java {@code Flow.Subscriber}, for its {@code async for} loop. */
public final class GeneratorSubscriber implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(FirstElements.class));
    }
}
