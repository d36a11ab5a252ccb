package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import java.util.Optional;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * How a {@code -Dscript} run's interpreter ends when an exception escapes the script, by CPython 3.11's rules: a
 * command line's concern, so the runner's, not the library's.
 *
 * @param status the process exit status: {@code sys.exit(n)} is {@code n & 0xFF}, {@code sys.exit()} 0, any other
 *     {@code sys.exit} argument 1, {@code KeyboardInterrupt} 130, any other exception 1
 * @param printsTraceback whether the traceback is printed (not for {@code SystemExit})
 * @param message what {@code SystemExit} prints instead, for an argument that is no number
 */
record ScriptExit(int status, boolean printsTraceback, Optional<String> message) {

    /** An uncaught exception that is no exit: its traceback, and 1. */
    static final ScriptExit UNCAUGHT = new ScriptExit(1, true, Optional.empty());

    /**
     * Reads it through built-in objects taken from {@code python} now: call this before the script runs, so that
     * nothing the script replaces decides how it ends (see {@link Reader}).
     */
    static Reader readerFor(PythonContext python) {
        return new Reader(python.context().eval("python", Reader.BUILTINS));
    }

    /**
     * Reads how a script ended from the exception that escaped it, through built-in objects taken from its context
     * before the script ran. A script can replace any function of the bootstrap (its {@code __code__} included) and any
     * name in {@code builtins}, but not the built-in objects held here, nor the methods of built-in types; so the only
     * script code this can run is what CPython runs too: reading {@code SystemExit.code} and {@code str()} of a code
     * that is no number.
     */
    static final class Reader {

        /** One evaluation, not one per object: the run's start-up pays for it. */
        static final String BUILTINS = "(type, issubclass, SystemExit, KeyboardInterrupt, int, int.__int__, str)";

        private final Value typeOf;
        private final Value isSubclass;
        private final Value systemExit;
        private final Value keyboardInterrupt;
        private final Value intType;
        /** {@code int.__int__}: an int subclass's exact value, without its own {@code __index__}, {@code __and__}... */
        private final Value exactInt;
        private final Value str;

        private Reader(Value builtins) {
            this.typeOf = builtins.getArrayElement(0);
            this.isSubclass = builtins.getArrayElement(1);
            this.systemExit = builtins.getArrayElement(2);
            this.keyboardInterrupt = builtins.getArrayElement(3);
            this.intType = builtins.getArrayElement(4);
            this.exactInt = builtins.getArrayElement(5);
            this.str = builtins.getArrayElement(6);
        }

        /**
         * How the run ends with {@code uncaught}; whatever fails in reading it (a {@code code} whose {@code str()}
         * raises is CPython's case too) ends as an uncaught exception does: a traceback and 1.
         */
        ScriptExit read(PythonException uncaught) {
            if (uncaught.hardExitStatus().isPresent()) {
                return new ScriptExit(uncaught.hardExitStatus().getAsInt(), false, Optional.empty()); // os._exit: silent
            }
            if (!(uncaught.getCause() instanceof PolyglotException thrown) || thrown.getGuestObject() == null) {
                return UNCAUGHT;
            }
            try {
                Value exception = thrown.getGuestObject();
                if (isA(exception, systemExit)) {
                    return systemExit(exception);
                }
                return isA(exception, keyboardInterrupt) ? new ScriptExit(130, true, Optional.empty()) : UNCAUGHT;
            } catch (RuntimeException unreadable) {
                return UNCAUGHT;
            }
        }

        private ScriptExit systemExit(Value exception) {
            Value code;
            try {
                code = exception.getMember("code");
            } catch (RuntimeException unreadable) {
                // CPython prints the exception itself then, as it prints a code that is no number.
                return new ScriptExit(1, false, Optional.of(text(exception)));
            }
            if (code == null || code.isNull()) {
                return new ScriptExit(0, false, Optional.empty());
            }
            if (isA(code, intType)) {
                return new ScriptExit(status(exactInt.execute(code)), false, Optional.empty());
            }
            return new ScriptExit(1, false, Optional.of(text(code)));
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
}
