package io.github.asyncgraalpy.coroutine;

import org.graalvm.polyglot.HostAccess;

/**
 * Test double: awaitable with only {@code iterator()} exported. {@code awaitIterator()} and {@code next()} are not:
 * the library calls them from Java, so awaiting it still works, while Python cannot call them by name.
 */
public final class ExportsOnlyIterator implements PyAwaitable, PyIterator {

    private final Object result;

    @HostAccess.Export
    public ExportsOnlyIterator(Object result) {
        this.result = result;
    }

    /** Unexported: ends at once with the result. */
    @Override
    public IterNextOutput next() {
        return IterNextOutput.returning(result);
    }

    /** Exported: Python's {@code iter()} calls it on the object itself. */
    @HostAccess.Export
    @Override
    public Object iterator() {
        return this;
    }

    /** Unexported: the same object as {@link #iterator()}. */
    @Override
    public Object awaitIterator() {
        return iterator();
    }
}
