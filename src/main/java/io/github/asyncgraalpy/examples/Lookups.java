package io.github.asyncgraalpy.examples;

import org.graalvm.polyglot.HostAccess;

/** A Java service whose calls block: what Python hands to {@code asyncio.to_thread} instead of calling it on the loop. */
public final class Lookups {

    private Lookups() {}

    /** {@code i * i}, after blocking the calling thread for 50 ms (a slow lookup). */
    @HostAccess.Export
    public static int fetch(int i) throws InterruptedException {
        Thread.sleep(50);
        return i * i;
    }
}
