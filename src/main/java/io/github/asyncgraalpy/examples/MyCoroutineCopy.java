package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.PyAwaitable;
import io.github.asyncgraalpy.coroutine.PyIterator;
import org.graalvm.polyglot.HostAccess;

/**
 * Chapter 2's {@code MyCoroutineCopy} in Java: awaiting it evaluates to {@code arg1}, like
 * {@code async def my_coroutine(arg1): return arg1}.
 *
 * <p>The three methods play {@code __await__}, {@code __iter__} and {@code __next__}; the runtime gives them those
 * Python names. {@code iterator()} must carry {@link HostAccess.Export}, since Python calls it on the object and only
 * exported members are visible; {@code awaitIterator()} and {@code next()} the library calls from Java, so they would
 * work unexported, and are exported so that Python may call them by name too.
 */
public final class MyCoroutineCopy implements PyAwaitable, PyIterator {

    private final Object arg1;

    @HostAccess.Export
    public MyCoroutineCopy(Object arg1) {
        this.arg1 = arg1;
    }

    /** {@code __await__}: this object is its own iterator. */
    @HostAccess.Export
    @Override
    public Object awaitIterator() {
        return this;
    }

    /** {@code __iter__}. */
    @HostAccess.Export
    @Override
    public Object iterator() {
        return this;
    }

    /** {@code __next__}: {@code raise StopIteration(self.arg1)}. */
    @HostAccess.Export
    @Override
    public IterNextOutput next() {
        return IterNextOutput.returning(arg1);
    }
}
