package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.HeapGuard;
import io.github.asyncgraalpy.runtime.PythonContext;

/**
 * How much of the JVM's heap a run may keep: past it, the run's context is cancelled, the run ends as CPython's ends
 * on {@code MemoryError}, and the JVM goes on with its heap back. The watching is the library's {@link HeapGuard}
 * (which says why it watches the whole heap: the runner runs one script at a time in its JVM); this class adds the
 * runner's setting and its words. {@code -Dasyncgraalpy.heapLimit=MiB} sets the limit, 0 for none; the default is
 * {@link #DEFAULT_SHARE} of the JVM's maximum heap.
 */
final class HeapLimit implements AutoCloseable {

    static final String PROPERTY = "asyncgraalpy.heapLimit";
    /** The default limit's share of the JVM's maximum heap: the rest is the JVM's margin to stop a run in. */
    static final double DEFAULT_SHARE = 0.8;
    private static final long MEBIBYTE = 1024 * 1024;

    private final HeapGuard guard;

    /** A limit of {@code limitBytes} of heap in use after a full collection; 0 for none. */
    HeapLimit(long limitBytes) {
        this.guard = HeapGuard.keepingAtMost(limitBytes);
    }

    /** The limit {@code -Dasyncgraalpy.heapLimit} (MiB) sets, or {@link #DEFAULT_SHARE} of the maximum heap. */
    static long fromSystemProperty() {
        String mebibytes = System.getProperty(PROPERTY, "").strip();
        if (mebibytes.isEmpty()) {
            return HeapGuard.shareOfMaxHeap(DEFAULT_SHARE);
        }
        long parsed;
        try {
            parsed = Long.parseLong(mebibytes);
        } catch (NumberFormatException e) {
            parsed = -1;
        }
        if (parsed < 0 || parsed > Long.MAX_VALUE / MEBIBYTE) {
            throw new IllegalArgumentException(PROPERTY + " must be a number of MiB, 0 for no limit, not '" + mebibytes + "'");
        }
        return parsed * MEBIBYTE;
    }

    long limitBytes() {
        return guard.limitBytes();
    }

    /** Starts watching the heap while a run goes on in {@code python}; closing the watch stops watching. */
    LimitWatch watch(PythonContext python) {
        HeapGuard.Watch watch = guard.watch(python);
        return new LimitWatch(watch::close, watch::stoppedTheRun);
    }

    /** The line a run stopped by the limit ends with, in CPython's words for the exception. */
    String memoryError() {
        return "MemoryError: the run kept more than " + guard.limitBytes() / MEBIBYTE + " MiB of the JVM's heap (-D" + PROPERTY + ")";
    }

    @Override
    public void close() {
        guard.close();
    }
}
