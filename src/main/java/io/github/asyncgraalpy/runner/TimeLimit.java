package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.PythonContext;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long one run may take: past it, the run's context is cancelled ({@link PythonContext#cancel()}), which stops
 * a script looping forever or an {@code async def} that never yields as surely as one that sleeps. The runner's
 * default is {@link #DEFAULT}; {@code -Dasyncgraalpy.timeLimit=SECONDS} changes it, 0 means none.
 */
final class TimeLimit implements AutoCloseable {

    static final Duration DEFAULT = Duration.ofSeconds(60);
    static final String PROPERTY = "asyncgraalpy.timeLimit";

    private final Duration limit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "run-time-limit");
        thread.setDaemon(true);
        return thread;
    });

    TimeLimit(Duration limit) {
        if (limit.isNegative()) {
            throw new IllegalArgumentException("a time limit cannot be negative: " + limit);
        }
        this.limit = limit;
    }

    /** The limit {@code -Dasyncgraalpy.timeLimit} sets, or {@link #DEFAULT}. */
    static Duration fromSystemProperty() {
        String seconds = System.getProperty(PROPERTY, "").strip();
        if (seconds.isEmpty()) {
            return DEFAULT;
        }
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(seconds) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a number of seconds (0 for no limit), not '" + seconds + "'");
        }
    }

    Duration limit() {
        return limit;
    }

    /** Starts timing a run in {@code python}; closing the watch stops timing it. */
    Watch watch(PythonContext python) {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm = limit.isZero() ? null : timer.schedule(() -> {
            expired.set(true);
            python.cancel();
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        return new Watch(alarm, expired);
    }

    /** One run being timed. */
    static final class Watch implements AutoCloseable {
        private final ScheduledFuture<?> alarm;
        private final AtomicBoolean expired;

        private Watch(ScheduledFuture<?> alarm, AtomicBoolean expired) {
            this.alarm = alarm;
            this.expired = expired;
        }

        /** True once the run was stopped for taking too long. */
        boolean expired() {
            return expired.get();
        }

        @Override
        public void close() {
            if (alarm != null) {
                alarm.cancel(false);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
