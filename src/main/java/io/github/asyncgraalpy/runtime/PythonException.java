package io.github.asyncgraalpy.runtime;

import java.util.Objects;
import java.util.OptionalInt;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * A Python exception that reached Java: its Python type, message and traceback, and the original
 * {@link PolyglotException} as cause.
 *
 * <p>{@link #getMessage()} reads like Python's last traceback line, {@code ValueError: bad value}.
 */
public final class PythonException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String pythonType;
    private final String pythonMessage;
    private final String pythonTraceback;

    public PythonException(String pythonType, String pythonMessage, String pythonTraceback, Throwable cause) {
        super(pythonMessage.isEmpty() ? pythonType : pythonType + ": " + pythonMessage, cause);
        this.pythonType = Objects.requireNonNull(pythonType, "pythonType");
        this.pythonMessage = Objects.requireNonNull(pythonMessage, "pythonMessage");
        this.pythonTraceback = Objects.requireNonNull(pythonTraceback, "pythonTraceback");
    }

    /**
     * Converts what a polyglot call threw. A Python exception, {@code SystemExit} included, becomes a PythonException
     * described by Python's own {@code traceback} module; anything else (a host exception, a cancelled context, an
     * exit with no Python exception behind it) is returned as it was, since it is not a Python error.
     */
    public static RuntimeException from(PolyglotException thrown, Value describeException) {
        if (!thrown.isGuestException() || thrown.isCancelled() || thrown.getGuestObject() == null) {
            return thrown;
        }
        try {
            Value description = describeException.execute(thrown.getGuestObject());
            return new PythonException(description.getArrayElement(0).asString(), description.getArrayElement(1).asString(),
                    description.getArrayElement(2).asString(), thrown);
        } catch (PolyglotException describing) {
            thrown.addSuppressed(describing);
            return thrown;
        }
    }

    /**
     * The status a script asked for with {@code os._exit(n)} (its low 8 bits), which ends the context at once and
     * raises no Python exception: empty for every other exception, {@code SystemExit} included.
     */
    public OptionalInt hardExitStatus() {
        // SystemExit is an exit for Truffle too, but a Python exception; os._exit leaves only a foreign one.
        boolean hardExit = getCause() instanceof PolyglotException thrown && thrown.isExit()
                && pythonType.equals("polyglot.ForeignException");
        return hardExit ? OptionalInt.of(((PolyglotException) getCause()).getExitStatus() & 0xFF) : OptionalInt.empty();
    }

    /** The qualified Python type name: {@code ValueError}, {@code asyncio.exceptions.CancelledError}, {@code mymodule.MyError}. */
    public String pythonType() {
        return pythonType;
    }

    /** {@code str(exception)} in Python. */
    public String pythonMessage() {
        return pythonMessage;
    }

    /** Python's formatted traceback, ending with the {@code Type: message} line. */
    public String pythonTraceback() {
        return pythonTraceback;
    }
}
