package io.github.asyncgraalpy.runtime;

/**
 * A Java exception that names the Python exception it becomes when it reaches Python: thrown by a Java coroutine's
 * step, or failing a Java future or a {@code Flow.Publisher} that Python awaits. Any other Java exception becomes
 * {@code asyncgraalpy.JavaError}.
 *
 * <p>{@link io.github.asyncgraalpy.coroutine.PyError} is the ready-made one; implement this on exceptions of your own
 * to raise, say, {@code TimeoutError} from a service's {@code TimeoutException} subclass without wrapping it. The
 * exception's message is the Python exception's, and its cause is shown as the Python exception's cause.
 */
public interface PyRaisable {

    /**
     * The Python exception type to raise: a builtin's name ({@code ValueError}, {@code TimeoutError}) or a qualified
     * one ({@code asyncio.CancelledError}).
     */
    String pythonType();
}
