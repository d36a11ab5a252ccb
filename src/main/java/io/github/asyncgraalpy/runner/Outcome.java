package io.github.asyncgraalpy.runner;

import java.util.Objects;

/** What one runtime made of one example: what it printed, and whether it finished or raised. */
public record Outcome(Status status, String stdout, String failure, String detail) {

    public enum Status { OK, FAILED, UNAVAILABLE }

    public Outcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(detail, "detail");
    }

    public static Outcome ok(String stdout) {
        return new Outcome(Status.OK, stdout, "", "");
    }

    /**
     * Finished by an exception: {@code failure} is its type, {@code detail} the traceback. The type is kept without
     * its module ({@code asyncio.exceptions.CancelledError} is {@code CancelledError}), as runtimes qualify it differently.
     */
    public static Outcome failed(String stdout, String failure, String detail) {
        return new Outcome(Status.FAILED, stdout, failure.substring(failure.lastIndexOf('.') + 1), detail);
    }

    /** The runtime is not there (CPython not installed): says nothing about the example. */
    public static Outcome unavailable(String why) {
        return new Outcome(Status.UNAVAILABLE, "", "", why);
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
}
