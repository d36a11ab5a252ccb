package io.github.asyncgraalpy.testing.pythonfacing;

import org.graalvm.polyglot.HostAccess;

/** An {@link AutoCloseable} that counts its closes: {@code async with} and {@code with} must close it exactly once. */
public final class CountedCloses implements AutoCloseable {

    private int closes;

    @HostAccess.Export
    public CountedCloses() {}

    @HostAccess.Export
    public int closes() {
        return closes;
    }

    @HostAccess.Export
    @Override
    public void close() {
        closes++;
    }
}
