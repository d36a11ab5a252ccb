package io.github.asyncgraalpy.testing.pythonfacing;

import java.util.Iterator;
import org.graalvm.polyglot.HostAccess;

/** 0, 1, 2, ... for ever: a Java iterator with no end, which only a time limit or a cancel stops. */
public final class Naturals implements Iterator<Long> {

    private long following;

    @HostAccess.Export
    public Naturals() {}

    @Override
    public boolean hasNext() {
        return following < Long.MAX_VALUE;
    }

    @Override
    public Long next() {
        return following++;
    }
}
