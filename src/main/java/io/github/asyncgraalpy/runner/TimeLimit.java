package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.PythonContext;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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

    /** The longest limit taken; beyond it, ask for none (0). */
    static final Duration LONGEST = Duration.ofDays(1);

    private final Duration limit;
    private final ScheduledThreadPoolExecutor timer;

    TimeLimit(Duration limit) {
        if (limit.isNegative() || limit.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a time limit is between 0 (none) and " + LONGEST.toHours() + " hours, not " + limit);
        }
        this.limit = limit;
        this.timer = LimitWatch.timer("run-time-limit");
    }

    /** The limit {@code -Dasyncgraalpy.timeLimit} sets, or {@link #DEFAULT}. */
    static Duration fromSystemProperty() {
        String seconds = System.getProperty(PROPERTY, "").strip();
        if (seconds.isEmpty()) {
            return DEFAULT;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(seconds);
        } catch (NumberFormatException e) {
            parsed = Double.NaN;
        }
        if (!(parsed >= 0 && parsed <= LONGEST.toSeconds())) {
            throw new IllegalArgumentException(PROPERTY + " must be a number of seconds from 0 (no limit) to "
                    + LONGEST.toSeconds() + ", not '" + seconds + "'");
        }
        return Duration.ofMillis(Math.round(parsed * 1000));
    }

    Duration limit() {
        return limit;
    }

    /** Starts timing a run in {@code python}; closing the watch stops timing it. */
    LimitWatch watch(PythonContext python) {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm = limit.isZero() ? null : timer.schedule(() -> {
            expired.set(true);
            python.cancel();
        }, limit.toNanos(), TimeUnit.NANOSECONDS);
        return new LimitWatch(alarm, expired);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
