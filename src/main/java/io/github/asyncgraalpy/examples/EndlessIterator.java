package io.github.asyncgraalpy.examples;

import java.util.Iterator;
import org.graalvm.polyglot.HostAccess;

/** An iterator that never ends, like Python's {@code iter(int, 1)}: zeros forever. */
public final class EndlessIterator implements Iterator<Integer> {

    @HostAccess.Export
    public EndlessIterator() {}

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Integer next() {
        return 0;
    }
}
