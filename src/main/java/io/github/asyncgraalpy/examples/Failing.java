package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.JavaCoroutine;
import io.github.asyncgraalpy.coroutine.PyError;
import org.graalvm.polyglot.HostAccess;

/**
 * Suspends {@code n} times, then raises the Python exception {@code pythonExceptionType(message)}: the twin of
 * <pre>{@code
 * async def failing(n, exception_type, message):
 *     for _ in range(n):
 *         await asyncio.sleep(0)
 *     raise exception_type(message)
 * }</pre>
 */
public final class Failing extends JavaCoroutine<Void> {

    private final String pythonExceptionType;
    private final String message;
    private int remaining;

    @HostAccess.Export
    public Failing(int n, String pythonExceptionType, String message) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be 0 or more, was " + n);
        }
        this.remaining = n;
        this.pythonExceptionType = pythonExceptionType;
        this.message = message;
    }

    @Override
    protected IterNextOutput step(Object sent) {
        if (remaining > 0) {
            remaining--;
            return suspend();
        }
        throw new PyError(pythonExceptionType, message);
    }
}
