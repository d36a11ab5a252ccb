package io.github.asyncgraalpy.coroutine.internal;

import io.github.asyncgraalpy.runtime.PyRaisable;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.graalvm.polyglot.HostAccess;

/**
 * What a {@link JavaCoroutine} step ended with when it ended in an exception, in the terms the Python side needs to
 * raise it. Not for user code: the runtime's Python half reads it.
 */
public final class RaisedError {

    private final boolean rethrow;
    private final String pythonType;
    private final String message;
    private final Throwable javaException;

    private RaisedError(boolean rethrow, String pythonType, String message, Throwable javaException) {
        this.rethrow = rethrow;
        this.pythonType = pythonType;
        this.message = message;
        this.javaException = javaException;
    }

    /** The Python exception that was thrown in is to be raised again, as it is. */
    public static RaisedError rethrowThrownIn() {
        return new RaisedError(true, null, null, null);
    }

    /** A Python exception the coroutine machinery itself raises, CPython's words. */
    public static RaisedError python(String pythonType, String message) {
        return new RaisedError(false, pythonType, message, null);
    }

    /**
     * A Java exception out of a step or hook, or failing a future or publisher Python awaits: a {@link PyRaisable}
     * ({@code PyError}) names its Python type, anything else is a JavaError. A {@code pythonType()} that throws or
     * names nothing is a JavaError too: the exception still reaches Python.
     */
    public static RaisedError of(Throwable thrown) {
        String chosen = chosenType(thrown);
        if (chosen != null) {
            // The Python exception is what the Java code asked for; only a Java cause behind it is worth showing.
            return new RaisedError(false, chosen, messageOf(thrown), thrown.getCause());
        }
        return new RaisedError(false, null, messageOf(thrown), thrown);
    }

    /** The Python type a {@link PyRaisable} names: user code, which may throw or answer null or blank. */
    private static String chosenType(Throwable thrown) {
        if (!(thrown instanceof PyRaisable raisable)) {
            return null;
        }
        try {
            String type = raisable.pythonType();
            return type == null || type.isBlank() ? null : type;
        } catch (RuntimeException | LinkageError | AssertionError failed) {
            return null;
        }
    }

    /** {@code getMessage()}, which is user code and may itself throw; then what it threw, named. */
    private static String messageOf(Throwable thrown) {
        try {
            return String.valueOf(thrown.getMessage());
        } catch (RuntimeException | LinkageError | AssertionError failed) {
            return "<getMessage() failed: " + failed.getClass().getName() + ">";
        }
    }

    @HostAccess.Export
    public boolean rethrowsThrownIn() {
        return rethrow;
    }

    /** The Python type to raise, or null for a JavaError. */
    @HostAccess.Export
    public String pythonType() {
        return pythonType;
    }

    @HostAccess.Export
    public String message() {
        return message;
    }

    /** The Java exception's class name, or null when the error did not come from a Java exception. */
    @HostAccess.Export
    public String javaClass() {
        return javaException == null ? null : javaException.getClass().getName();
    }

    /** The Java exception's stack trace as text, or null. */
    @HostAccess.Export
    public String javaStack() {
        if (javaException == null) {
            return null;
        }
        StringWriter text = new StringWriter();
        try {
            javaException.printStackTrace(new PrintWriter(text));
        } catch (RuntimeException | LinkageError | AssertionError failed) {
            // printStackTrace asks getMessage() again; the frames are still worth showing.
            text = new StringWriter();
            text.append(javaException.getClass().getName()).append(": ").append(message).append('\n');
            for (StackTraceElement frame : javaException.getStackTrace()) {
                text.append("\tat ").append(String.valueOf(frame)).append('\n');
            }
        }
        return text.toString();
    }
}
