package io.github.asyncgraalpy.runtime;

import java.util.Optional;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * Reads how a script ends from the exception that escaped it, by CPython 3.11's rules, through built-in objects taken
 * from a context before any script ran. A script can replace any function of the bootstrap (its {@code __code__}
 * included) and any name in {@code builtins}, but not the built-in objects held here, nor the methods of built-in
 * types; so the only script code this can run is what CPython runs too: reading {@code SystemExit.code} and
 * {@code str()} of a code that is no number.
 *
 * <p>Only the deprecated {@link PythonContext#scriptExit} reads through this, and this class goes with it: the runner,
 * whose concern a command line's exit status is, has its own reader ({@code io.github.asyncgraalpy.runner.ScriptExit})
 * and the library cannot hand it this one without making it public API.
 */
@SuppressWarnings("removal") // PythonContext.ScriptExit, deprecated together with this class's one caller
final class ScriptExitReader {

    private final Value typeOf;
    private final Value isSubclass;
    private final Value systemExit;
    private final Value keyboardInterrupt;
    private final Value intType;
    /** {@code int.__int__}: an int subclass's exact value, without its own {@code __index__}, {@code __and__}... */
    private final Value exactInt;
    private final Value str;

    ScriptExitReader(Context context) {
        // One evaluation, not one per object: every context pays for this at creation.
        Value builtins = context.eval("python", "(type, issubclass, SystemExit, KeyboardInterrupt, int, int.__int__, str)");
        this.typeOf = builtins.getArrayElement(0);
        this.isSubclass = builtins.getArrayElement(1);
        this.systemExit = builtins.getArrayElement(2);
        this.keyboardInterrupt = builtins.getArrayElement(3);
        this.intType = builtins.getArrayElement(4);
        this.exactInt = builtins.getArrayElement(5);
        this.str = builtins.getArrayElement(6);
    }

    /** How the interpreter ends when {@code exception} (a Python exception object) escapes the script. */
    PythonContext.ScriptExit read(Value exception) {
        if (isA(exception, systemExit)) {
            return systemExit(exception);
        }
        return new PythonContext.ScriptExit(isA(exception, keyboardInterrupt) ? 130 : 1, true, Optional.empty());
    }

    private PythonContext.ScriptExit systemExit(Value exception) {
        Value code;
        try {
            code = exception.getMember("code");
        } catch (RuntimeException unreadable) {
            // CPython prints the exception itself then, as it prints a code that is no number.
            return new PythonContext.ScriptExit(1, false, Optional.of(text(exception)));
        }
        if (code == null || code.isNull()) {
            return new PythonContext.ScriptExit(0, false, Optional.empty());
        }
        if (isA(code, intType)) {
            return new PythonContext.ScriptExit(status(exactInt.execute(code)), false, Optional.empty());
        }
        return new PythonContext.ScriptExit(1, false, Optional.of(text(code)));
    }

    /**
     * CPython 3.11 takes {@code (int) PyLong_AsLong(code)}, -1 when it does not fit a C long (silently), and the OS
     * keeps the low 8 bits: so an int beyond 64 bits ends with 255 whatever its sign.
     */
    private static int status(Value exactInt) {
        long value = exactInt.fitsInLong() ? exactInt.asLong() : -1;
        return (int) (value & 0xFF);
    }

    private boolean isA(Value object, Value type) {
        return isSubclass.execute(typeOf.execute(object), type).asBoolean();
    }

    private String text(Value object) {
        try {
            return str.execute(object).asString();
        } catch (RuntimeException failed) {
            return "<exception str() failed>"; // CPython's words when it prints such an object
        }
    }
}
