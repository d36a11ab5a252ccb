package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.examples.JavaTwin;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The two GraalPy columns: a script as Python wrote it, and its Java twin. Both run in one shared context (creating
 * one costs seconds), each in a fresh {@code __main__} namespace, with output captured per run.
 */
public final class GraalPyColumns implements AutoCloseable {

    private final CapturedOutput out = new CapturedOutput();
    private final CapturedOutput err = new CapturedOutput();
    private final PythonContext python;

    public GraalPyColumns(GraalPyRuntime runtime) {
        this.python = runtime.newContext(out, err);
    }

    public PythonContext context() {
        return python;
    }

    public Outcome runScript(PairedExample example) {
        return capture(() -> python.runScript(example.source(), example.script().getFileName().toString()));
    }

    public Outcome runTwin(PairedExample example) {
        return capture(() -> example.newTwin().run(python, example.pythonHalf()));
    }

    private interface Body {
        void run() throws Exception;
    }

    private Outcome capture(Body body) {
        out.take();
        err.take();
        try {
            body.run();
            python.flush();
            return Outcome.ok(out.take());
        } catch (PythonException e) {
            python.flush();
            return Outcome.failed(out.take(), e.pythonType(), e.pythonTraceback());
        } catch (Exception | AssertionError e) {
            python.flush();
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            return Outcome.failed(out.take(), e.getClass().getSimpleName(), err.take() + trace);
        }
    }

    @Override
    public void close() {
        python.close();
    }
}
