package io.github.asyncgraalpy.coroutine;

import org.graalvm.polyglot.HostAccess;

/** Test double: yields 1..n, then returns {@code result}; with {@code n < 0}, next() breaks the contract and returns null. */
public final class CountingIterator implements PyAwaitable, PyIterator {

    private final int n;
    private final Object result;
    private final boolean bareYields;
    private int done;

    @HostAccess.Export
    public CountingIterator(int n, Object result, boolean bareYields) {
        this.n = n;
        this.result = result;
        this.bareYields = bareYields;
    }

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
        if (n < 0) {
            return null;
        }
        if (done < n) {
            done++;
            return IterNextOutput.yielding(bareYields ? null : done);
        }
        return IterNextOutput.returning(result);
    }
}
