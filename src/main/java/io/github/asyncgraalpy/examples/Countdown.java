package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.JavaCoroutine;
import org.graalvm.polyglot.HostAccess;

/**
 * Suspends {@code n} times with bare yields, then returns {@code result}: the Java twin of
 * <pre>{@code
 * async def countdown(n, result):
 *     for _ in range(n):
 *         await asyncio.sleep(0)
 *     return result
 * }</pre>
 */
public final class Countdown extends JavaCoroutine<Object> {

    private final Object result;
    private int remaining;

    @HostAccess.Export
    public Countdown(int n, Object result) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be 0 or more, was " + n);
        }
        this.remaining = n;
        this.result = result;
    }

    @Override
    protected IterNextOutput step(Object sent) {
        if (remaining > 0) {
            remaining--;
            return suspend();
        }
        return complete(result);
    }
}
