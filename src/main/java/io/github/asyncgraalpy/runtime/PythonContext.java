package io.github.asyncgraalpy.runtime;

import io.github.asyncgraalpy.runtime.internal.BootstrapMember;
import io.github.asyncgraalpy.runtime.internal.Plumbing;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One sandboxed GraalPy context with the {@code asyncgraalpy} bootstrap installed: asyncio on the Java event loop,
 * Java protocol interfaces awaitable, sandbox denials as clean Python errors. Made by {@link GraalPyRuntime}.
 *
 * <p>Creating one costs seconds, so reuse it: {@link #runScript} gives every script a fresh {@code __main__}
 * namespace in the same context.
 */
public final class PythonContext implements AutoCloseable {

    private final Context context;
    private final OutputStream out;
    private final Value module;
    private final Value describeException;
    private final Value runScript;
    private final Value runLoopThread;
    private final Value flushStdio;
    private final ScriptExitReader scriptExits;
    /** What reports an exception when the bootstrap cannot: taken before any script ran, like {@link #runScript}. */
    private final GuestTraceback guestTraceback;
    /** The sources this context ran, by file name: the lines of {@link #guestTraceback}'s reports. */
    private final Map<String, String> sources = new ConcurrentHashMap<>();
    private final Value javaTypeLookup;
    private final Value reprFunction;
    private final ContextStartup startup;
    private final OwnedResources owned = new OwnedResources();
    private volatile boolean closed;

    /** Contexts not closed yet, by their polyglot context: how Java code called from Python finds its context. */
    private static final Map<Context, PythonContext> OPEN = new ConcurrentHashMap<>();

    PythonContext(Context context, OutputStream out, Value module, ContextStartup startup) {
        this.context = context;
        this.out = out;
        this.module = module;
        this.describeException = BootstrapMember.DESCRIBE_EXCEPTION.of(module);
        // Taken now, at install, before any script runs: one that rebinds asyncgraalpy's names does not reach them.
        this.runScript = BootstrapMember.RUN_SCRIPT.of(module);
        this.runLoopThread = BootstrapMember.RUN_LOOP_THREAD.of(module);
        this.flushStdio = BootstrapMember.FLUSH_STDIO.of(module);
        this.scriptExits = new ScriptExitReader(context);
        this.guestTraceback = new GuestTraceback(context, fileName -> Optional.ofNullable(sources.get(fileName)));
        this.javaTypeLookup = context.eval("python", "__import__('java').type");
        this.reprFunction = context.eval("python", "repr");
        this.startup = startup;
        OPEN.put(context, this);
    }

    /**
     * The context whose Python called the Java code running on this thread, if any: a project class that Python
     * constructs uses it to register what it starts ({@link #owned()}). Empty on a thread that is not running Python.
     */
    public static Optional<PythonContext> calling() {
        Context current;
        try {
            current = Context.getCurrent();
        } catch (IllegalStateException notInAContext) {
            return Optional.empty();
        }
        return Optional.ofNullable(OPEN.get(current));
    }

    /** What Java code started for this context's Python: bounded, and closed before the context closes. */
    public OwnedResources owned() {
        return owned;
    }

    /** The polyglot context, for {@link Value}-level work. Python errors from it arrive as PolyglotException; see {@link #pythonException}. */
    public Context context() {
        return context;
    }

    /** The {@code asyncgraalpy} module installed in this context, for the library's own packages. */
    @Plumbing
    public Value module() {
        return module;
    }

    /** {@code asyncgraalpy.run_loop_thread} as installed, whatever a script has rebound the name to since. */
    @Plumbing
    public Value loopThreadFunction() {
        return runLoopThread;
    }

    /** How long it took to create this context and install the bootstrap, phase by phase. */
    public ContextStartup startup() {
        return startup;
    }

    /** {@code sys.version}: its second line says {@code Interpreted} or names the optimizing runtime. */
    public String pythonVersion() {
        return eval("__import__('sys').version").asString();
    }

    /** Evaluates a Python expression or statements in this context's own {@code __main__}. */
    public Value eval(String python) {
        try {
            return context.eval("python", python);
        } catch (PolyglotException thrown) {
            throw pythonException(thrown);
        }
    }

    /**
     * Runs Python source as a script: {@code __name__ == "__main__"}, {@code __file__ == fileName}, in a namespace
     * no other script shares.
     *
     * @return the script's namespace (its global variables)
     * @throws PythonException when the script raises
     */
    public Value runScript(String source, String fileName) {
        return runAs(source, fileName, "__main__");
    }

    /**
     * Runs Python source as the module {@code moduleName}, so that its {@code if __name__ == "__main__":} part does
     * not run, in a namespace of its own; for using a script's functions from Java.
     *
     * @return the module's namespace
     * @throws PythonException when the module raises
     */
    public Value loadModule(String source, String fileName, String moduleName) {
        if (moduleName.equals("__main__")) {
            throw new IllegalArgumentException("a module loaded for its functions must not be named __main__");
        }
        return runAs(source, fileName, moduleName);
    }

    private Value runAs(String source, String fileName, String moduleName) {
        sources.put(fileName, source);
        try {
            return runScript.execute(source, fileName, moduleName);
        } catch (PolyglotException thrown) {
            throw pythonException(thrown);
        } finally {
            flush();
        }
    }

    /** The Python view of a Java class ({@code java.type(name)}): its constructor and static members, as the sandbox allows. */
    public Value javaType(Class<?> type) {
        try {
            return javaTypeLookup.execute(type.getName());
        } catch (PolyglotException thrown) {
            throw pythonException(thrown);
        }
    }

    /** Calls a Python callable, turning a Python exception into {@link PythonException}. */
    public Value call(Value callable, Object... arguments) {
        try {
            return callable.execute(arguments);
        } catch (PolyglotException thrown) {
            throw pythonException(thrown);
        }
    }

    /** Python's {@code repr(value)}, the text Python would print for it. */
    public String repr(Object value) {
        return call(reprFunction, value).asString();
    }

    /**
     * How a script's interpreter ends when {@code uncaught} escapes it, by CPython's rules.
     *
     * @param status the process exit status: {@code sys.exit(n)} is {@code n & 0xFF}, {@code sys.exit()} 0, any
     *     other {@code sys.exit} argument 1, {@code KeyboardInterrupt} 130, any other exception 1
     * @param printsTraceback whether the traceback is printed (not for {@code SystemExit})
     * @param message what {@code SystemExit} prints instead, for an argument that is no number
     * @deprecated for removal with {@link #scriptExit}: how a script's process ends is a command line's concern, not
     *     the library's. A host that needs it reads {@code SystemExit} from the guest object of {@link
     *     PythonException#getCause()} through built-ins it takes from {@link #context()} before the script runs, as the
     *     runner's {@code io.github.asyncgraalpy.runner.ScriptExit.Reader} does; {@link PythonException#hardExitStatus()}
     *     stays for {@code os._exit}.
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public record ScriptExit(int status, boolean printsTraceback, Optional<String> message) {}

    /**
     * {@link ScriptExit} for an exception a script raised in this context. Read through built-in objects taken before
     * any script ran, so that nothing the script replaced decides it; whatever fails in reading it (a {@code code}
     * whose {@code str()} raises is CPython's case too) ends as an uncaught exception does: a traceback and 1.
     *
     * @deprecated for removal: a command line's concern, not the library's; read {@code SystemExit} through built-ins
     *     taken from {@link #context()} before the script runs, as the runner's {@code
     *     io.github.asyncgraalpy.runner.ScriptExit.Reader} does (this method's reader goes with it), and {@link
     *     PythonException#hardExitStatus()} for {@code os._exit}.
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public ScriptExit scriptExit(PythonException uncaught) {
        if (uncaught.hardExitStatus().isPresent()) {
            return new ScriptExit(uncaught.hardExitStatus().getAsInt(), false, Optional.empty()); // os._exit: silent
        }
        if (!(uncaught.getCause() instanceof PolyglotException thrown) || thrown.getGuestObject() == null || closed) {
            return new ScriptExit(1, true, Optional.empty());
        }
        try {
            return scriptExits.read(thrown.getGuestObject());
        } catch (RuntimeException unreadable) {
            return new ScriptExit(1, true, Optional.empty());
        }
    }

    /** Converts what a polyglot call threw in this context; see {@link PythonException#from}. */
    public RuntimeException pythonException(PolyglotException thrown) {
        return PythonException.from(thrown, describeException, guestTraceback);
    }

    /**
     * Prints a line from Java to this context's output, after everything Python printed so far: Java twins print
     * through here so that their lines and Python's come out in the order they happened.
     *
     * @deprecated for removal: printing for a demo is the demo's concern, not the library's. Call Python's own
     *     {@code print} through this context ({@code call(eval("__import__('builtins').print"), line)}): its lines go
     *     through {@code sys.stdout} with the script's, in order, as the examples' {@code JavaTwin.print} does.
     */
    @Deprecated(since = "0.2", forRemoval = true)
    public void print(String line) {
        flush();
        try {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes Python's {@code sys.stdout} and {@code sys.stderr} into this context's streams. */
    public void flush() {
        if (closed) {
            return;
        }
        try {
            flushStdio.execute();
        } catch (PolyglotException failed) {
            if (failed.isCancelled() || failed.isExit() || !failed.isGuestException()) {
                throw failed;
            }
            // flush_stdio catches what a broken stream raises; a script that replaced it, or a stream's flush with
            // one raising BaseException, gets no more than a stream that cannot be flushed: what flushed is out.
        }
    }

    /**
     * Flushes Python's output, then closes the context; nothing Python printed is lost. Idempotent, and does nothing
     * once {@link #cancel()} ran, from whichever thread.
     *
     * <p>Python that still runs on a Java thread the context's own Python started ({@link #owned()}: a blocking call of
     * {@code asyncio.to_thread} that never returns) does not keep it open: such threads are the context's, so the
     * context is then {@link #cancel() cancelled}, which ends them.
     *
     * @throws PolyglotException once the context is closed, when Python failed in flushing or in an exit handler, or
     *     ended it with {@code os._exit(n)} ({@link PolyglotException#isExit()}, {@link PolyglotException#getExitStatus()})
     * @throws IllegalStateException while a thread of the embedder's still runs Python in this context (an
     *     {@code AsyncioLoopThread}: close it first) and none of the context's own does; nothing changes then, and
     *     the context stays usable
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        PolyglotException flushFailed = null;
        try {
            flush();
        } catch (PolyglotException failed) {
            if (failed.isExit()) { // os._exit in a replaced flush: the context is gone, with that status
                closed = true;
                closeOwned();
                throw failed;
            }
            // Cancelled meanwhile, or what else Python threw: the context still closes, and the failure is thrown
            // once it has.
            flushFailed = failed.isCancelled() ? null : failed;
        }
        try {
            context.close();
        } catch (PolyglotException cancelledOrExited) {
            if (cancelledOrExited.isExit()) { // os._exit in an exit handler: the context is gone, with that status
                closed = true;
                closeOwned();
                throw cancelledOrExited;
            }
            if (!cancelledOrExited.isCancelled()) {
                throw cancelledOrExited;
            }
        } catch (IllegalStateException stillRunning) {
            if (owned.threads() == 0 || isCurrent()) {
                throw stillRunning;
            }
            cancel();
            return;
        }
        // Only once the context really closed: a refused close leaves this one as usable as before.
        closed = true;
        closeOwned();
        if (flushFailed != null) {
            throw flushFailed;
        }
    }

    /** True on a thread that runs this context's Python now (a close from there can only be refused). */
    private boolean isCurrent() {
        try {
            return Context.getCurrent().equals(context);
        } catch (IllegalStateException notInAContext) {
            return false;
        }
    }

    private void closeOwned() {
        OPEN.remove(context);
        owned.closeAll();
    }

    /**
     * Stops whatever runs in this context, from any thread, and closes it: for a script that runs past its time. The
     * thread that ran it gets a {@link PolyglotException} that {@link PolyglotException#isCancelled() is cancelled}; what the script printed before
     * stays printed. Idempotent, and {@link #close()} after it does nothing.
     */
    public void cancel() {
        closed = true;
        try {
            context.close(true);
        } finally {
            closeOwned();
        }
    }

    /** {@link #cancel()}, for the moment a close already failed: what cancelling throws in turn is of no more use. */
    public void cancelQuietly() {
        try {
            cancel();
        } catch (RuntimeException alreadyGone) {
            // closed or cancelled meanwhile
        }
    }

    @Override
    public String toString() {
        return "PythonContext[" + Objects.toString(context.getEngine().getImplementationName()) + ", startup " + startup + "]";
    }
}
