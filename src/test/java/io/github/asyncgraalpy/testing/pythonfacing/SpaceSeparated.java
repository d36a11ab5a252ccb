package io.github.asyncgraalpy.testing.pythonfacing;

import java.util.Iterator;
import java.util.List;
import org.graalvm.polyglot.HostAccess;

/** A Java {@link Iterable} over the space-separated parts of a text: for Python's {@code for} and {@code async for}. */
public final class SpaceSeparated implements Iterable<String> {

    private final List<String> parts;

    @HostAccess.Export
    public SpaceSeparated(String text) {
        parts = List.of(text.strip().split(" +"));
    }

    @Override
    public Iterator<String> iterator() {
        return parts.iterator();
    }
}
