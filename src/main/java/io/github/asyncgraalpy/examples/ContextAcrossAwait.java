package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/** Twin of {@code py-scripts/context_across_await.py}: the script's scenario with {@link Answers#later}, a Java future, for its coroutine. */
public final class ContextAcrossAwait implements JavaTwin {

    @Override
    public void run(PythonContext python, PythonHalf script) {
        script.runWith(python, python.javaType(Answers.class).getMember("later"));
    }
}
