package io.github.asyncgraalpy.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Stops a run that keeps too much of the JVM's heap: once the heap in use, right after a full collection, is past the
 * limit, the watched context is cancelled ({@link PythonContext#cancel()}), so the code running in it ends with the
 * cancellation, {@link Watch#stoppedTheRun()} says why, and the heap is the JVM's again once the context is gone.
 * Without it a script that keeps allocating is stopped only by GraalPy's {@code MemoryError} with the whole heap full,
 * which starves everything else in the JVM.
 *
 * <p>GraalVM's per-context limit ({@code sandbox.MaxHeapMemory}) exists only in Oracle GraalVM. This guard watches the
 * whole JVM's heap instead, so it is right only while the watched run is the one thing in the JVM that keeps much: one
 * run at a time (as the runner runs scripts), not many busy contexts at once, where it would stop whichever run it
 * watches when another one keeps the heap. The heap in use counts garbage not yet collected, so a full collection
 * ({@link System#gc()}) is asked for only when the heap looks past the limit, and only what it leaves counts: a script
 * that makes much garbage but keeps little is not stopped.
 *
 * <pre>{@code
 * try (HeapGuard guard = HeapGuard.keepingAtMost(512L << 20); PythonContext python = runtime.newContext();
 *         HeapGuard.Watch watch = guard.watch(python)) {
 *     python.runScript(source, "job.py");
 * } catch (PolyglotException e) {
 *     // watch.stoppedTheRun(): it kept more than 512 MiB
 * }
 * }</pre>
 */
public final class HeapGuard implements AutoCloseable {

    /** How often the heap is looked at while a run goes on: a look costs a read of one MXBean. */
    private static final long EVERY_MILLISECONDS = 20;

    private final long limitBytes;
    private final LongSupplier heapInUse;
    private final Runnable collect;
    private final ScheduledThreadPoolExecutor timer;

    private HeapGuard(long limitBytes) {
        this(limitBytes, ManagementFactory.getMemoryMXBean(), System::gc);
    }

    private HeapGuard(long limitBytes, MemoryMXBean memory, Runnable collect) {
        this(limitBytes, () -> memory.getHeapMemoryUsage().getUsed(), collect);
    }

    /** A guard reading the heap in use from {@code heapInUse} and collecting with {@code collect}: the tests' heap. */
    HeapGuard(long limitBytes, LongSupplier heapInUse, Runnable collect) {
        if (limitBytes < 0) {
            throw new IllegalArgumentException("a heap limit is 0 (none) or a number of bytes, not " + limitBytes);
        }
        this.limitBytes = limitBytes;
        this.heapInUse = heapInUse;
        this.collect = collect;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "heap-guard");
            thread.setDaemon(true);
            return thread;
        });
        // A finished run's task, and the context it holds, leave the queue at once.
        timer.setRemoveOnCancelPolicy(true);
    }

    /** A guard that stops a run once the heap keeps more than {@code limitBytes} after a collection; 0 for none. */
    public static HeapGuard keepingAtMost(long limitBytes) {
        return new HeapGuard(limitBytes);
    }

    /** {@code share} (above 0, at most 1) of the JVM's maximum heap ({@code -Xmx}), in bytes. */
    public static long shareOfMaxHeap(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("a share of the heap is above 0 and at most 1, not " + share);
        }
        return (long) (Runtime.getRuntime().maxMemory() * share);
    }

    /** The limit in bytes; 0 for none. */
    public long limitBytes() {
        return limitBytes;
    }

    /** Starts watching the heap while a run goes on in {@code python}; closing the watch stops watching. */
    public Watch watch(PythonContext python) {
        if (timer.isShutdown()) {
            throw new IllegalStateException("this heap guard is closed");
        }
        AtomicBoolean exceeded = new AtomicBoolean();
        ScheduledFuture<?> looking = limitBytes == 0 ? null : timer.scheduleWithFixedDelay(() -> {
            if (!exceeded.get() && pastTheLimit()) {
                exceeded.set(true);
                python.cancelQuietly();
            }
        }, EVERY_MILLISECONDS, EVERY_MILLISECONDS, TimeUnit.MILLISECONDS);
        return new Watch(looking, exceeded);
    }

    private boolean pastTheLimit() {
        if (heapInUse.getAsLong() <= limitBytes) {
            return false;
        }
        collect.run(); // what is in use may be garbage: only what a collection leaves counts
        return heapInUse.getAsLong() > limitBytes;
    }

    /** Stops watching every run; the runs go on. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One run watched by a {@link HeapGuard}. */
    public static final class Watch implements AutoCloseable {
        private final ScheduledFuture<?> looking;
        private final AtomicBoolean stopped;

        private Watch(ScheduledFuture<?> looking, AtomicBoolean stopped) {
            this.looking = looking;
            this.stopped = stopped;
        }

        /** True once the guard stopped the run: the heap kept more than the limit, and the context was cancelled. */
        public boolean stoppedTheRun() {
            return stopped.get();
        }

        /** Stops watching this run; what it decided stays readable. */
        @Override
        public void close() {
            if (looking != null) {
                looking.cancel(false);
            }
        }
    }
}
