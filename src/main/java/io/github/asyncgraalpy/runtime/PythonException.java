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
        return from(thrown, describeException, null);
    }

    /**
     * As {@link #from(PolyglotException, Value)}; where describing fails, the report is {@code fromJava}'s, read through
     * built-in objects taken before any script ran, and the exception's type and message alone if even that fails.
     */
    static RuntimeException from(PolyglotException thrown, Value describeException, GuestTraceback fromJava) {
        if (!thrown.isGuestException() || thrown.isCancelled() || thrown.getGuestObject() == null) {
            return thrown;
        }
        try {
            Value description = describeException.execute(thrown.getGuestObject());
            return new PythonException(description.getArrayElement(0).asString(), description.getArrayElement(1).asString(),
                    description.getArrayElement(2).asString(), thrown);
        } catch (RuntimeException describing) {
            // The describing runs Python a script can patch (the traceback module, the bootstrap's functions), or was
            // cut short by a cancel: the exception is still a Python one, told from Java's side.
            thrown.addSuppressed(describing);
            if (fromJava != null && !describedAfterCancel(describing)) {
                try {
                    Value exception = thrown.getGuestObject();
                    return new PythonException(fromJava.typeName(exception), fromJava.message(exception), fromJava.format(exception), thrown);
                } catch (RuntimeException readingFromJava) {
                    thrown.addSuppressed(readingFromJava);
                }
            }
            String type = typeName(thrown.getGuestObject());
            String message = messageOf(thrown, type);
            return new PythonException(type, message, (message.isEmpty() ? type : type + ": " + message) + "\n", thrown);
        }
    }

    /** A describing cut short by a cancel (a time limit, a close): the context runs nothing more. */
    private static boolean describedAfterCancel(RuntimeException describing) {
        return describing instanceof PolyglotException polyglot && (polyglot.isCancelled() || polyglot.isExit());
    }

    /** The message Truffle took from the exception when it was thrown, without the type it may start with. */
    private static String messageOf(PolyglotException thrown, String type) {
        String message = Objects.requireNonNullElse(thrown.getMessage(), "");
        if (message.equals(type)) {
            return "";
        }
        return message.startsWith(type + ": ") ? message.substring(type.length() + 2) : message;
    }

    /** The exception's type as Truffle names it, read without calling the script's code; {@code Exception} if even that fails. */
    private static String typeName(Value exception) {
        try {
            Value type = exception.getMetaObject();
            return type == null ? "Exception" : type.getMetaQualifiedName();
        } catch (RuntimeException unnamed) {
            return "Exception";
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
