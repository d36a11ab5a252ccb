package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/sleep_on_a_java_scheduler.py}: the script's scenario with {@link JavaSleep}, completed by a Java scheduler thread, for {@code asyncio.sleep}. */
public final class SleepOnAJavaScheduler implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(JavaSleep.class));
    }
}
