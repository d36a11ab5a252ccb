package io.github.asyncgraalpy.runtime;

import java.util.Objects;
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
