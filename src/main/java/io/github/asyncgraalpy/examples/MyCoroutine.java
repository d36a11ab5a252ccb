package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.PyAwaitable;
import io.github.asyncgraalpy.coroutine.PyIterator;
import org.graalvm.polyglot.HostAccess;

/**
 * Chapter 3's native awaitable: {@code __next__} returns {@code "Ended"} at once, as PyO3's
 * {@code IterNextOutput::Return("Ended")}. It is awaitable but not a coroutine, so {@code asyncio.create_task}
 * and {@code asyncio.run} refuse it, exactly as they refuse the Python version.
 */
public final class MyCoroutine implements PyAwaitable, PyIterator {

    @HostAccess.Export
    public MyCoroutine() {}

    @HostAccess.Export
    @Override
    public Object awaitIterator() {
        return this;
    }

    @HostAccess.Export
    @Override
    public Object iterator() {
        return this;
    }

    @HostAccess.Export
    @Override
    public IterNextOutput next() {
        return IterNextOutput.returning("Ended");
    }
}
