package io.github.asyncgraalpy.coroutine;

import io.github.asyncgraalpy.runtime.PyRaisable;
import java.util.Objects;

/**
 * Thrown by Java code to raise a Python exception of a chosen type: {@code new PyError("ValueError", "bad")}
 * becomes {@code ValueError('bad')} in Python. The type is a builtin name ({@code TimeoutError}) or a qualified one
 * ({@code asyncio.CancelledError}). The Java exception is kept as the Python exception's {@code __cause__}. Exceptions
 * of your own can choose their Python type too: {@link PyRaisable}.
 */
public class PyError extends RuntimeException implements PyRaisable {

    private static final long serialVersionUID = 1L;

    private final String pythonType;

    public PyError(String pythonType, String message) {
        this(pythonType, message, null);
    }

    public PyError(String pythonType, String message, Throwable cause) {
        super(message, cause);
        this.pythonType = Objects.requireNonNull(pythonType, "pythonType");
        if (pythonType.isBlank()) {
            throw new IllegalArgumentException("pythonType must name a Python exception type");
        }
    }

    /** The Python exception type to raise: {@code ValueError}, {@code asyncio.TimeoutError}, … */
    @Override
    public String pythonType() {
        return pythonType;
    }
}
