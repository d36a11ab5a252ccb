package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.PrestartedContexts;
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
 * started ahead of need by a {@link PrestartedContexts}, so nothing an earlier script changed (asyncio, builtins, the bridge
 * module, interop registrations, {@code sys}) can change what a later one prints.
 */
public final class GraalPyColumns implements AutoCloseable {

    /** Contexts kept ready ahead of the runs: one is enough when a run takes about as long as a build. */
    static final int DEFAULT_STARTED_AHEAD = 1;

    private final PrestartedContexts prestarted;
    private final TimeLimit timeLimit;
    private final HeapLimit heapLimit;

    /** Columns whose runs may take {@link TimeLimit#DEFAULT} each. */
    public GraalPyColumns(GraalPyRuntime runtime) {
        this(runtime, DEFAULT_STARTED_AHEAD, TimeLimit.DEFAULT);
    }

    /** Columns whose runs may take {@code timeLimit} each (zero: no limit); past it a run ends as {@code Timeout}. */
    public GraalPyColumns(GraalPyRuntime runtime, Duration timeLimit) {
        this(runtime, DEFAULT_STARTED_AHEAD, timeLimit);
    }

    /** Columns whose runs may keep as much of the heap as {@code -Dasyncgraalpy.heapLimit} allows ({@link HeapLimit}). */
    public GraalPyColumns(GraalPyRuntime runtime, int startedAhead, Duration timeLimit) {
        this(runtime, startedAhead, timeLimit, HeapLimit.fromSystemProperty());
    }

    /** Columns whose runs may keep {@code heapLimitBytes} of the JVM's heap (0: no limit); past it a run ends as {@code MemoryError}. */
    GraalPyColumns(GraalPyRuntime runtime, int startedAhead, Duration timeLimit, long heapLimitBytes) {
        this.timeLimit = new TimeLimit(timeLimit);
        this.heapLimit = new HeapLimit(heapLimitBytes);
        this.prestarted = runtime.prestartContexts(startedAhead, Set.of());
    }

    /**
     * Builds no context beyond the next {@code runs} runs ({@link #banner()} counting as one): for a run of pairs that
     * knows how many it makes, so that no context is built for nothing at its end. A run beyond them fails.
     */
    public void expectRuns(int runs) {
        prestarted.limitToNext(runs);
    }

    /** The first line of the runner's report: GraalPy's version and mode, and what the first context cost. */
    public Banner banner() {
        try (PythonContext python = prestarted.take(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())) {
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
        PythonContext python = prestarted.take(out, err);
        // The limits cover closing too: closing runs Python (exit hooks), and a script can make that hang or allocate.
        long started = System.nanoTime();
        LimitWatch watch = timeLimit.watch(python);
        LimitWatch memory = heapLimit.watch(python);
        Throwable thrown = null;
        try {
            body.run(python, out);
        } catch (Exception | AssertionError e) {
            thrown = e;
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started); // the script alone: its context was started ahead
        try {
            python.close(); // flushes what Python printed before the output is taken
        } catch (RuntimeException | AssertionError e) { // Truffle's, when a close is cancelled midway by the limit
            thrown = thrown == null ? e : thrown;
            // A close that failed (another thread still runs in the context) must not leave the context running:
            // cancel it before the limit, which would have, stands down.
            python.cancelQuietly();
        } finally {
            watch.close();
            memory.close();
        }
        if (watch.stoppedTheRun() || memory.stoppedTheRun()) { // stopped by a limit, in the script or in closing: it ran until then
            elapsed = Duration.ofNanos(System.nanoTime() - started);
        }
        return ended(watch.stoppedTheRun(), memory.stoppedTheRun(), thrown, out, err).timed(elapsed);
    }

    private Outcome ended(boolean timedOut, boolean keptTooMuch, Throwable thrown, CapturedOutput out, CapturedOutput err) {
        if (timedOut) {
            return Outcome.failed(out.take(), "Timeout", "no exit within " + timeLimit.limit().toSeconds() + " s");
        }
        if (keptTooMuch) { // as CPython's column would end on MemoryError
            return Outcome.failed(out.take(), "MemoryError", heapLimit.memoryError());
        }
        if (thrown == null) {
            return Outcome.ok(out.take());
        }
        if (thrown instanceof PythonException e && e.hardExitStatus().isPresent()) { // os._exit(n), as CPython's column has it
            return Outcome.failed(out.take(), "exit status", "exit status " + e.hardExitStatus().getAsInt());
        }
        if (thrown instanceof PythonException e) {
            return Outcome.failed(out.take(), e.pythonType(), e.pythonTraceback());
        }

        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return Outcome.failed(out.take(), thrown.getClass().getSimpleName(), err.take() + trace);
    }

    /** Closes the contexts started ahead and not used. */
    @Override
    public void close() {
        timeLimit.close();
        heapLimit.close();
        prestarted.close();
    }
}
