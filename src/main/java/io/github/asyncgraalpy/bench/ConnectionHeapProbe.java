package io.github.asyncgraalpy.bench;

import org.graalvm.polyglot.HostAccess;

/**
 * The {@code net} group's heap reading: Python calls {@link #atPeak} on the loop's thread while all its connections are
 * open, and the probe reads the heap after collecting, with those connections still referenced.
 */
public final class ConnectionHeapProbe {

    private volatile long heapAtPeak = -1;
    private volatile int served;

    /** @param served the connections that made all their round trips */
    @HostAccess.Export
    public void atPeak(int served) throws InterruptedException {
        this.served = served;
        this.heapAtPeak = MemoryCases.heapAfterGc();
    }

    long heapAtPeak() {
        if (heapAtPeak < 0) {
            throw new IllegalStateException("the workload never called atPeak");
        }
        return heapAtPeak;
    }

    int served() {
        return served;
    }
}
