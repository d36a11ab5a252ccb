package io.github.asyncgraalpy.runner;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The time axis of the report's chart: from 0 to the first round tick at or past the longest run, in steps of 1, 2 or
 * 5 times a power of ten (about five of them), labelled in milliseconds where the whole axis is under a second and in
 * seconds otherwise ({@code 0 ms, 200 ms, ... 600 ms}; {@code 0 s, 0.5 s, ... 2.5 s}).
 */
record TimeAxis(double step, int steps) {

    /** About this many steps from 0 to the top. */
    private static final int STEPS_WANTED = 5;

    /** An axis that holds {@code longestSeconds}; an axis of a millisecond where nothing took any time. */
    static TimeAxis spanning(double longestSeconds) {
        double longest = longestSeconds > 0 && Double.isFinite(longestSeconds) ? longestSeconds : 0.001;
        double raw = longest / STEPS_WANTED;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double normalised = raw / magnitude;
        double step = (normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10) * magnitude;
        // the small allowance keeps 0.6 / 0.2 from counting as a little over three steps
        return new TimeAxis(step, (int) Math.ceil(longest / step - 1e-9));
    }

    /** The axis's end, in seconds: its last tick. */
    double top() {
        return step * steps;
    }

    /** Every tick, 0 included, in seconds. */
    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        for (int i = 0; i <= steps; i++) {
            ticks.add(i * step);
        }
        return ticks;
    }

    /** {@code 200 ms}, {@code 1.5 s}: the tick in the axis's unit, with as many decimals as its step needs. */
    String label(double seconds) {
        boolean milliseconds = top() < 1;
        double scale = milliseconds ? 1000 : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step * scale) - 1e-9));
        String number = new BigDecimal(seconds * scale).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        return number + (milliseconds ? " ms" : " s");
    }
}
