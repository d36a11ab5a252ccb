package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.examples.ExampleRuntime;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.NetworkPolicy;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.graalvm.polyglot.PolyglotException;

/**
 * The {@code -Dasyncgraalpy.script=FILE.py} program: runs one Python file in the same kind of context the pairs get,
 * with its output on the console, and ends with the exit status {@code python3} would give it.
 */
final class ScriptCommand {

    /** The exit status of a run stopped by its time limit, as GNU {@code timeout} has it. */
    static final int TIMED_OUT = 124;

    private final PrintStream console;
    private final PrintStream errors;
    private final Duration timeLimit;
    private final Optional<NetworkPolicy> network;
    private final long heapLimitBytes;
    private final Optional<Path> packages;

    ScriptCommand(PrintStream console) {
        this(console, System.err, TimeLimit.DEFAULT);
    }

    ScriptCommand(PrintStream console, Duration timeLimit) {
        this(console, System.err, timeLimit);
    }

    /** Prints the script's output to {@code console}, and errors (tracebacks, sys.exit messages) to {@code errors}. */
    ScriptCommand(PrintStream console, PrintStream errors, Duration timeLimit) {
        this(console, errors, timeLimit, Optional.empty());
    }

    /** As above, the script's context granted {@code network} ({@code -Dnetwork}, {@link NetworkGrant}) if given. */
    ScriptCommand(PrintStream console, PrintStream errors, Duration timeLimit, Optional<NetworkPolicy> network) {
        this(console, errors, timeLimit, network, (long) (Runtime.getRuntime().maxMemory() * HeapLimit.DEFAULT_SHARE));
    }

    /** As above, the run stopped once it keeps more than {@code heapLimitBytes} of the JVM's heap (0: no limit; {@link HeapLimit}). */
    ScriptCommand(PrintStream console, PrintStream errors, Duration timeLimit, Optional<NetworkPolicy> network, long heapLimitBytes) {
        this(console, errors, timeLimit, network, heapLimitBytes, Optional.empty());
    }

    /** As above, the script may import the packages in {@code packages} ({@code -Drequirements}, {@link PairPackages}) if given. */
    ScriptCommand(PrintStream console, PrintStream errors, Duration timeLimit, Optional<NetworkPolicy> network, long heapLimitBytes,
            Optional<Path> packages) {
        this.packages = packages;
        this.console = console;
        this.errors = errors;
        this.timeLimit = timeLimit;
        this.network = network;
        this.heapLimitBytes = heapLimitBytes;
    }

    /**
     * Runs one Python file with its output on the console: 0 if it finished, 1 if it raised (traceback on stderr),
     * the status it asked for with {@code sys.exit} or {@code os._exit} (in an exit handler too), 2 if it cannot be
     * read, {@link #TIMED_OUT} if the run, its exit handlers and flushing included, takes longer than the time limit,
     * 1 with a {@code MemoryError} line if it keeps more of the heap than its limit ({@link HeapLimit}).
     */
    int runScript(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            errors.println("cannot read " + file.toAbsolutePath() + ": " + e);
            return 2;
        }
        // A grant and packages are a runtime's (GraalPyRuntime.Builder.network, pythonPackages): a run with either
        // gets a runtime of its own.
        GraalPyRuntime granted = null;
        if (network.isPresent() || packages.isPresent()) {
            GraalPyRuntime.Builder builder = ExampleRuntime.builder();
            network.ifPresent(builder::network);
            packages.ifPresent(builder::pythonPackages);
            granted = builder.build();
        }
        try (TimeLimit limit = new TimeLimit(timeLimit); HeapLimit heap = new HeapLimit(heapLimitBytes)) {
            PythonContext python = (granted != null ? granted : ExampleRuntime.shared()).newContext(console, errors);
            // The one place the limits are taken: from the first line to the context closed, since closing runs Python
            // too (exit handlers, flushing a replaced sys.stdout), and a script can make any of it hang or allocate.
            LimitWatch watch = limit.watch(python);
            LimitWatch memory = heap.watch(python);
            int status;
            try {
                // Taken before the script runs, so that nothing it replaces decides how it ends.
                ScriptExit.Reader exits = ScriptExit.readerFor(python);
                status = run(python, exits, source, file);
                status = close(python, status, () -> watch.stoppedTheRun() || memory.stoppedTheRun());
            } finally {
                watch.close();
                memory.close();
            }
            if (watch.stoppedTheRun()) {
                errors.println(file + " timed out: no exit within " + timeLimit.toSeconds() + " s (-D" + TimeLimit.PROPERTY + ")");
                return TIMED_OUT;
            }
            if (memory.stoppedTheRun()) { // as CPython ends on MemoryError: its line, and 1
                errors.println(heap.memoryError());
                return 1;
            }
            return status;
        } finally {
            if (granted != null) {
                granted.close();
            }
        }
    }

    /** Runs the script and reports how it ended, as python3 does: sys.exit's status or message, KeyboardInterrupt's 130, a traceback and 1. */
    private int run(PythonContext python, ScriptExit.Reader exits, String source, Path file) {
        try {
            python.runScript(source, file.toString());
            return 0;
        } catch (PythonException uncaught) {
            ScriptExit exit = exits.read(uncaught);
            if (exit.printsTraceback()) {
                errors.print(uncaught.pythonTraceback());
            }
            exit.message().ifPresent(errors::println);
            return exit.status();
        } catch (PolyglotException notPython) {
            return endedOutsidePython(notPython, file + " failed: ");
        } catch (RuntimeException unexpected) {
            errors.println(file + " failed: " + unexpected);
            return 1;
        }
    }

    /**
     * Closes the context, which runs the script's exit handlers: an {@code os._exit(n)} there ends the run with n,
     * as in CPython; anything else that goes wrong in closing is reported and leaves {@code status} as it was.
     */
    private int close(PythonContext python, int status, BooleanSupplier stoppedByALimit) {
        try {
            python.close();
            return status;
        } catch (PolyglotException failed) {
            python.cancelQuietly(); // nothing of the script may go on running once its run is over
            return endedOutsidePython(failed, "Exception ignored in closing the script's context: ", status);
        } catch (RuntimeException | AssertionError failed) { // Truffle's, when a close is cancelled midway by the limit
            python.cancelQuietly();
            if (!stoppedByALimit.getAsBoolean()) { // a limit's cancel speaks for itself
                errors.println("Exception ignored in closing the script's context: " + failed);
            }
            return status;
        }
    }

    private int endedOutsidePython(PolyglotException thrown, String prefix) {
        return endedOutsidePython(thrown, prefix, 1);
    }

    /** An exit's status; otherwise one line on stderr, and {@code status}. */
    private int endedOutsidePython(PolyglotException thrown, String prefix, int status) {
        if (thrown.isExit()) {
            return thrown.getExitStatus() & 0xFF;
        }
        if (!thrown.isCancelled()) { // a cancel is the time limit's, which speaks for itself
            errors.println(prefix + thrown.getMessage());
        }
        return status;
    }
}
