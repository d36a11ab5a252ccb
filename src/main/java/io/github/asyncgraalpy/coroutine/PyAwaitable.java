package io.github.asyncgraalpy.coroutine;

import org.graalvm.polyglot.HostAccess;

/**
 * Python's awaitable protocol for a Java class (PyO3's {@code PyAsyncProtocol}): {@link #awaitIterator()} is
 * {@code __await__}. Every context of {@code GraalPyRuntime} gives implementors the Python special method, so
 * {@code await javaObject} works.
 */
public interface PyAwaitable {

    /** {@code __await__}: the iterator that {@code await} drives, often {@code this} (see {@link PyIterator}). */
    @HostAccess.Export
    Object awaitIterator();
}
