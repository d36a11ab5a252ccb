package io.github.asyncgraalpy.coroutine;

import org.graalvm.polyglot.HostAccess;

/**
 * Python's iterator protocol for a Java class (PyO3's {@code PyIterProtocol}): {@link #iterator()} is
 * {@code __iter__}, {@link #next()} is {@code __next__}. Every context of {@code GraalPyRuntime} gives implementors
 * the Python special methods; a {@link IterNextOutput.Return} becomes {@code StopIteration(value)}.
 */
public interface PyIterator {

    /** {@code __iter__}: usually {@code this}. */
    @HostAccess.Export
    Object iterator();

    /** {@code __next__}: yield a value or return one. Never {@code null} (Python raises {@code TypeError}). */
    @HostAccess.Export
    IterNextOutput next();
}
