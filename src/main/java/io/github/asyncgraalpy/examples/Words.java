package io.github.asyncgraalpy.examples;

import java.util.Arrays;
import java.util.Iterator;
import org.graalvm.polyglot.HostAccess;

/** The words of a text, as a Java {@link Iterable}: Python can {@code for} and {@code async for} over it as it is. */
public final class Words implements Iterable<String> {

    private final String[] words;

    @HostAccess.Export
    public Words(String text) {
        this.words = text.isBlank() ? new String[0] : text.strip().split("\\s+");
    }

    @Override
    public Iterator<String> iterator() {
        return Arrays.asList(words).iterator();
    }
}
