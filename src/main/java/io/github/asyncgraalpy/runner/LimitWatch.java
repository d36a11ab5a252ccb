package io.github.asyncgraalpy.runner;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/** One run watched by a limit ({@link TimeLimit}, {@link HeapLimit}); closing it stops watching. */
final class LimitWatch implements AutoCloseable {
    private final Runnable stopLooking;
    private final BooleanSupplier stopped;

    /** {@code looking}: the limit's task for this run (null: no limit); {@code stopped}: set once it stops the run. */
    LimitWatch(ScheduledFuture<?> looking, AtomicBoolean stopped) {
        this(() -> {
            if (looking != null) {
                looking.cancel(false);
            }
        }, stopped::get);
    }

    /** {@code stopLooking} ends the watch; {@code stopped} tells whether the limit stopped the run. */
    LimitWatch(Runnable stopLooking, BooleanSupplier stopped) {
        this.stopLooking = stopLooking;
        this.stopped = stopped;
    }

    /** The one daemon thread a limit watches its runs on, named {@code threadName}. */
    static ScheduledThreadPoolExecutor timer(String threadName) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        // A finished run's task, and the context it holds, leave the queue at once rather than when it would have run.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** True once the limit stopped the run (its context cancelled). */
    boolean stoppedTheRun() {
        return stopped.getAsBoolean();
    }

    @Override
    public void close() {
        stopLooking.run();
    }
}
