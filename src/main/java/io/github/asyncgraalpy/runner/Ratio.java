package io.github.asyncgraalpy.runner;

import java.util.Locale;
import java.util.Optional;

/**
 * One cell's time against another's: the ratio of their medians ({@code 2.29x}: 2.29 times as long), and Welch's
 * t-test of their runs at 95 % ({@link Statistics#welch}), absent where either has a single run. The medians make
 * the ratio, so that one slow run (a collection, a busy core) does not move it; the test compares the means, as
 * a t-test does, over every run.
 */
record Ratio(double ratio, Optional<Statistics.TTest> test) {

    /** {@code mine} against {@code reference}, in seconds; empty where either has no runs or the reference took no time. */
    static Optional<Ratio> of(double[] mine, double[] reference) {
        if (mine.length == 0 || reference.length == 0 || Statistics.median(reference) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Ratio(Statistics.median(mine) / Statistics.median(reference), Statistics.welch(mine, reference)));
    }

    /** Tested, and significant at 95 %. */
    boolean significant() {
        return test.map(Statistics.TTest::significant).orElse(false);
    }

    /** {@code 2.29x}, {@code 1.05x not significant}, or {@code 2.29x, 1 run: no test}. */
    String againstCPython() {
        return times() + (test.isEmpty() ? ", 1 run: no test" : significant() ? "" : " not significant");
    }

    /**
     * Against the same cell of a saved run: {@code faster 0.80x}, {@code slower 1.25x}, {@code not significant (1.02x)},
     * or {@code not significant: n=1} where either side has a single run.
     */
    String againstSaved() {
        if (test.isEmpty()) {
            return "not significant: n=1 (" + times() + ")";
        }
        if (!significant()) {
            return "not significant (" + times() + ")";
        }
        return (test.get().t() > 0 ? "slower " : "faster ") + times();
    }

    /** {@code 2.29x}; three digits below 0.1x. */
    String times() {
        return String.format(Locale.ROOT, ratio < 0.1 ? "%.3fx" : "%.2fx", ratio);
    }
}
