package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;

/**
 * The Java half of a paired example: {@code py-scripts/foo_bar.py} has the twin {@code examples.FooBar}, which does
 * the same with Java in the Python's place and prints the same lines.
 *
 * <p>A twin prints with Python's {@code print}, from Python or from Java ({@link #print}), so lines come out in order,
 * and it ends with the same checks as its script: a failed check throws.
 */
public interface JavaTwin {

    /**
     * Runs the twin in {@code python}, a context already set up by {@code GraalPyRuntime}.
     *
     * @param script the pair's Python half: twins past the tutorial run its scenario with Java implementations
     *     ({@link PythonHalf#runWith}); the tutorial's own twins write their steps out in Java and leave it
     */
    void run(PythonContext python, PythonHalf script) throws Exception;

    /**
     * Prints {@code line} with Python's own {@code print} in {@code python}: through {@code sys.stdout}, so a twin's
     * lines and its script's come out in the order they happened. The builtin itself, not whatever {@code print} names
     * in the script's globals.
     */
    static void print(PythonContext python, String line) {
        python.call(python.eval("__import__('builtins').print"), line);
    }

    /** Fails the twin like a failed {@code assert} fails its script. */
    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
