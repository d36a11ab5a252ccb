package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.PythonContext;
import org.graalvm.polyglot.Value;

/**
 * The Python half of a pair, as its Java twin receives it: a twin that runs the script's own scenario with Java
 * implementations swapped in {@link #load loads} it and calls its {@code run(...)} function.
 *
 * @param source the script's text
 * @param fileName its file name, for tracebacks
 * @param moduleName the name it is loaded under (never {@code __main__}, so its script part does not run)
 */
public record PythonHalf(String source, String fileName, String moduleName) {

    /** Runs the script's definitions in a fresh namespace of {@code python} and returns that namespace. */
    public Value load(PythonContext python) {
        return python.loadModule(source, fileName, moduleName);
    }

    /** Loads the script and calls its {@code run} function with {@code implementations}. */
    public Value runWith(PythonContext python, Object... implementations) {
        Value run = load(python).getHashValue("run");
        if (run == null || !run.canExecute()) {
            throw new IllegalStateException(fileName + " has no run(...) function for its Java twin to call");
        }
        return python.call(run, implementations);
    }
}
