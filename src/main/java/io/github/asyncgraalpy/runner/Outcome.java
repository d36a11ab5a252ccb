package io.github.asyncgraalpy.runner;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What one runtime made of one example: what it printed, whether it finished or raised, and how long it ran
 * ({@link #elapsed}: the script alone, not the start-up of its GraalPy context, which happens ahead, nor python3's).
 */
public record Outcome(Status status, String stdout, String failure, String detail, Duration elapsed) {

    public enum Status { OK, FAILED, UNAVAILABLE }

    public Outcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    public static Outcome ok(String stdout) {
        return new Outcome(Status.OK, stdout, "", "", Duration.ZERO);
    }

    /** This outcome, which took {@code elapsed}. */
    public Outcome timed(Duration elapsed) {
        return new Outcome(status, stdout, failure, detail, elapsed);
    }

    /**
     * Finished by an exception: {@code failure} is its type, {@code detail} the traceback. The type is kept without
     * its module ({@code asyncio.exceptions.CancelledError} is {@code CancelledError}), as runtimes qualify it differently.
     */
    public static Outcome failed(String stdout, String failure, String detail) {
        return new Outcome(Status.FAILED, stdout, failure.substring(failure.lastIndexOf('.') + 1), detail, Duration.ZERO);
    }

    /** The runtime is not there (CPython not installed): says nothing about the example. */
    public static Outcome unavailable(String why) {
        return new Outcome(Status.UNAVAILABLE, "", "", why, Duration.ZERO);
    }

    /** What must be equal across runtimes: the normalised output and how the run ended. */
    public String comparable() {
        String ending = status == Status.OK ? "finished" : "raised " + failure;
        return OutputNormaliser.normalise(stdout) + "-- " + ending + "\n";
    }

    /** The table cell. */
    public String summary() {
        switch (status) {
            case OK:
                long lines = stdout.lines().count();
                return "ok, " + lines + (lines == 1 ? " line" : " lines");
            case FAILED:
                return "raised " + failure;
            default:
                return detail;
        }
    }

    /** The table cell: the summary and, for a run that happened, its time. */
    public String cell() {
        return status == Status.UNAVAILABLE ? summary() : summary() + ", " + seconds(elapsed);
    }

    /** {@code 0.41 s}, {@code 12.3 s}: two significant digits below ten seconds. */
    static String seconds(Duration duration) {
        return seconds(duration.toNanos() / 1e9) + " s";
    }

    /** {@code 0.41}, {@code 12.3}: as {@link #seconds(Duration)} without the unit. */
    static String seconds(double seconds) {
        return String.format(Locale.ROOT, seconds < 10 ? "%.2f" : "%.1f", seconds);
    }
}
