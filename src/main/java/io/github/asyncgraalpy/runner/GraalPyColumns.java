package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.ContextPool;
import io.github.asyncgraalpy.runtime.ContextStartup;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Set;

/**
 * The two GraalPy columns: a script as Python wrote it, and its Java twin. Every run gets a fresh context of its own,
 * started ahead of need by a {@link ContextPool}, so nothing an earlier script changed (asyncio, builtins, the bridge
 * module, interop registrations, {@code sys}) can change what a later one prints.
 */
public final class GraalPyColumns implements AutoCloseable {

    /** Contexts kept ready ahead of the runs: one is enough when a run takes about as long as a build. */
    static final int DEFAULT_POOL_SIZE = 1;

    private final ContextPool pool;
    private final TimeLimit timeLimit;

    /** Columns whose runs may take {@link TimeLimit#DEFAULT} each. */
    public GraalPyColumns(GraalPyRuntime runtime) {
        this(runtime, DEFAULT_POOL_SIZE, TimeLimit.DEFAULT);
    }

    /** Columns whose runs may take {@code timeLimit} each (zero: no limit); past it a run ends as {@code Timeout}. */
    public GraalPyColumns(GraalPyRuntime runtime, Duration timeLimit) {
        this(runtime, DEFAULT_POOL_SIZE, timeLimit);
    }

    public GraalPyColumns(GraalPyRuntime runtime, int poolSize, Duration timeLimit) {
        this.pool = runtime.newPool(poolSize, Set.of());
        this.timeLimit = new TimeLimit(timeLimit);
    }

    /** The first line of the runner's report: GraalPy's version and mode, and what the first context cost. */
    public Banner banner() {
        try (PythonContext python = pool.take(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())) {
            return new Banner(python.pythonVersion(), python.startup());
        }
    }

    /** {@code sys.version} of the GraalPy the columns run on, and the start-up of the context that told it. */
    public record Banner(String pythonVersion, ContextStartup startup) {}

    public Outcome runScript(PairedExample example) {
        return capture((python, out) -> python.runScript(example.source(), example.script().getFileName().toString()));
    }

    public Outcome runTwin(PairedExample example) {
        return capture((python, out) -> example.newTwin().run(python, example.pythonHalf()));
    }

    private interface Body {
        void run(PythonContext python, CapturedOutput out) throws Exception;
    }

    private Outcome capture(Body body) {
        CapturedOutput out = new CapturedOutput();
        CapturedOutput err = new CapturedOutput();
        try (PythonContext python = pool.take(out, err); TimeLimit.Watch watch = timeLimit.watch(python)) {
            try {
                body.run(python, out);
                python.flush();
                return Outcome.ok(out.take());
            } catch (PythonException e) {
                python.flush();
                return watch.expired() ? timedOut(out) : Outcome.failed(out.take(), e.pythonType(), e.pythonTraceback());
            } catch (Exception | AssertionError e) {
                python.flush();
                if (watch.expired()) {
                    return timedOut(out);
                }
                StringWriter trace = new StringWriter();
                e.printStackTrace(new PrintWriter(trace));
                return Outcome.failed(out.take(), e.getClass().getSimpleName(), err.take() + trace);
            }
        }
    }

    private Outcome timedOut(CapturedOutput out) {
        return Outcome.failed(out.take(), "Timeout", "no exit within " + timeLimit.limit().toSeconds() + " s");
    }

    /** Closes the contexts started ahead and not used. */
    @Override
    public void close() {
        timeLimit.close();
        pool.close();
    }
}
