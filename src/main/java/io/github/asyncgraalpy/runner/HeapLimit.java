package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.PythonContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How much of the JVM's heap a run may keep: past it, the run's context is cancelled, the run ends as CPython's ends
 * on {@code MemoryError}, and the JVM goes on with its heap back. Without it a script that keeps allocating is stopped
 * only by GraalPy's {@code MemoryError} once the whole heap is full (5.5 GiB here), which starves whatever else the JVM
 * runs. GraalVM's own per-context limit ({@code sandbox.MaxHeapMemory}) exists only in Oracle GraalVM; this one watches
 * the JVM's heap, which is the run's while it runs: the runner runs one script at a time in its JVM.
 *
 * <p>The heap in use counts garbage not collected yet, so a run is stopped only when the heap is still past the limit
 * right after a full collection ({@link System#gc()}, asked for only then): a script that makes much garbage but keeps
 * little is not stopped. {@code -Dasyncgraalpy.heapLimit=MiB} sets the limit, 0 for none; the default is
 * {@link #DEFAULT_SHARE} of the JVM's maximum heap.
 */
final class HeapLimit implements AutoCloseable {

    static final String PROPERTY = "asyncgraalpy.heapLimit";
    /** The default limit's share of the JVM's maximum heap: the rest is the JVM's margin to stop a run in. */
    static final double DEFAULT_SHARE = 0.8;
    /** How often the heap is looked at while a run goes on: a look costs a read of one MXBean. */
    private static final long EVERY_MILLISECONDS = 20;
    private static final long MEBIBYTE = 1024 * 1024;

    private final long limitBytes;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ScheduledThreadPoolExecutor timer;

    /** A limit of {@code limitBytes} of heap in use after a full collection; 0 for none. */
    HeapLimit(long limitBytes) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("a heap limit is 0 (none) or a number of bytes, not " + limitBytes);
        }
        this.limitBytes = limitBytes;
        this.timer = LimitWatch.timer("run-heap-limit");
    }

    /** The limit {@code -Dasyncgraalpy.heapLimit} (MiB) sets, or {@link #DEFAULT_SHARE} of the maximum heap. */
    static long fromSystemProperty() {
        String mebibytes = System.getProperty(PROPERTY, "").strip();
        if (mebibytes.isEmpty()) {
            return (long) (Runtime.getRuntime().maxMemory() * DEFAULT_SHARE);
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
        return limitBytes;
    }

    /** Starts watching the heap while a run goes on in {@code python}; closing the watch stops watching. */
    LimitWatch watch(PythonContext python) {
        AtomicBoolean exceeded = new AtomicBoolean();
        ScheduledFuture<?> looking = limitBytes == 0 ? null : timer.scheduleWithFixedDelay(() -> {
            if (!exceeded.get() && pastTheLimit()) {
                exceeded.set(true);
                python.cancelQuietly();
            }
        }, EVERY_MILLISECONDS, EVERY_MILLISECONDS, TimeUnit.MILLISECONDS);
        return new LimitWatch(looking, exceeded);
    }

    private boolean pastTheLimit() {
        if (memory.getHeapMemoryUsage().getUsed() <= limitBytes) {
            return false;
        }
        System.gc(); // what is in use may be garbage: only what a collection leaves counts
        return memory.getHeapMemoryUsage().getUsed() > limitBytes;
    }

    /** The line a run stopped by the limit ends with, in CPython's words for the exception. */
    String memoryError() {
        return "MemoryError: the run kept more than " + limitBytes / MEBIBYTE + " MiB of the JVM's heap (-D" + PROPERTY + ")";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
