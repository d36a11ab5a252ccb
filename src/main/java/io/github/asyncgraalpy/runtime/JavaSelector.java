package io.github.asyncgraalpy.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.graalvm.polyglot.HostAccess;

/**
 * Where a {@code JavaEventLoop} waits: {@link #select} parks the loop's thread until the next timer is due or
 * {@link #wake} is called from any thread. It replaces the self-pipe that asyncio's default loop builds from a
 * socket pair, so the loop needs no host IO.
 *
 * <p>A wake-up that arrives while the loop is busy is remembered and ends the next {@code select} at once: none
 * is lost.
 */
public final class JavaSelector {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wokenUp = lock.newCondition();
    private boolean wakeUpPending;
    private boolean closed;

    /** Makes one selector per event loop. */
    public static final class Factory {
        @HostAccess.Export
        public JavaSelector create() {
            return new JavaSelector();
        }
    }

    /**
     * Waits up to {@code timeoutSeconds} (negative: no limit) for a wake-up; returns at once if one is pending.
     *
     * @return true if woken up, false if the time ran out
     */
    @HostAccess.Export
    public boolean select(double timeoutSeconds) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeoutSeconds < 0 ? Long.MAX_VALUE : (long) (timeoutSeconds * TimeUnit.SECONDS.toNanos(1));
            while (!wakeUpPending && !closed && nanos > 0) {
                nanos = wokenUp.awaitNanos(nanos);
            }
            boolean woken = wakeUpPending;
            wakeUpPending = false;
            return woken;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the current or next {@link #select}. Safe from any thread, never blocks for long, never enters Python. */
    @HostAccess.Export
    public void wake() {
        lock.lock();
        try {
            wakeUpPending = true;
            wokenUp.signal();
        } finally {
            lock.unlock();
        }
    }

    /** After close, select no longer waits: a loop closed from elsewhere cannot leave its thread parked. */
    @HostAccess.Export
    public void close() {
        lock.lock();
        try {
            closed = true;
            wokenUp.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
