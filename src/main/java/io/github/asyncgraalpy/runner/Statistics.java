package io.github.asyncgraalpy.runner;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The few statistics the runner's repeated runs need: a cell's median and spread (min to max: with the handful of
 * runs a cell gets, percentiles would be the extremes anyway, and a standard deviation would assume a symmetric
 * spread that start-up-heavy times do not have), Welch's two-sample t-test for whether two cells' times differ, and
 * the geometric mean of ratios.
 *
 * <p>Welch's test rather than Student's pooled one (pyperf's): it does not assume the two samples have the same
 * variance nor the same size, and they have neither here: CPython's times spread far less than GraalPy's, whose
 * interpreter warms up from run to run, and a saved run may have been repeated another number of times. With
 * equal sizes and variances it gives Student's answer.
 */
final class Statistics {

    /** Two-tailed, 95 %: a difference is significant when p is below this. */
    static final double ALPHA = 0.05;

    private Statistics() {}

    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    /** The sample variance (n - 1 in the denominator), as Python's {@code statistics.variance}. */
    static double variance(double[] values) {
        double mean = mean(values);
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return squares / (values.length - 1);
    }

    /**
     * Welch's t-test of {@code a} against {@code b}: t is positive when {@code a}'s mean is the larger. Empty when
     * either has fewer than two values: one run says nothing of its spread, so there is nothing to test.
     */
    static Optional<TTest> welch(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2) {
            return Optional.empty();
        }
        double meanA = mean(a);
        double meanB = mean(b);
        double squaredErrorA = variance(a) / a.length;
        double squaredErrorB = variance(b) / b.length;
        double squaredError = squaredErrorA + squaredErrorB;
        if (squaredError == 0) {
            // No spread at all: identical runs. The means differ or they do not; nothing is uncertain.
            boolean differ = meanA != meanB;
            return Optional.of(new TTest(differ ? Math.copySign(Double.POSITIVE_INFINITY, meanA - meanB) : 0,
                    a.length + b.length - 2, differ ? 0 : 1));
        }
        double t = (meanA - meanB) / Math.sqrt(squaredError);
        // Welch–Satterthwaite: the degrees of freedom of the combined error.
        double df = squaredError * squaredError / (squaredErrorA * squaredErrorA / (a.length - 1) + squaredErrorB * squaredErrorB / (b.length - 1));
        return Optional.of(new TTest(t, df, twoTailedP(t, df)));
    }

    /** A t-test's answer: the statistic, its degrees of freedom and the two-tailed p-value. */
    record TTest(double t, double df, double p) {

        /** At 95 %. */
        boolean significant() {
            return p < ALPHA;
        }
    }

    /** P(|T| >= |t|) for Student's t with {@code df} degrees of freedom: I_x(df/2, 1/2) with x = df / (df + t²). */
    static double twoTailedP(double t, double df) {
        if (Double.isInfinite(t)) {
            return 0;
        }
        return regularizedBeta(df / (df + t * t), df / 2, 0.5);
    }

    /** The regularized incomplete beta function I_x(a, b), by its continued fraction (modified Lentz). */
    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        // The fraction converges fast for x < (a + 1) / (a + b + 2); past it, use I_x(a, b) = 1 - I_{1-x}(b, a).
        if (x > (a + 1) / (a + b + 2)) {
            return 1 - regularizedBeta(1 - x, b, a);
        }
        double front = Math.exp(a * Math.log(x) + b * Math.log(1 - x) - logBeta(a, b)) / a;
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double fraction = d;
        for (int m = 1; m <= 300; m++) {
            // Two steps per m: the even term d_{2m}, then the odd d_{2m+1}.
            double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1 + even * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + even / c;
            c = Math.abs(c) < tiny ? tiny : c;
            fraction *= d * c;
            double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + odd * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + odd / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double step = d * c;
            fraction *= step;
            if (Math.abs(step - 1) < 1e-15) {
                break;
            }
        }
        return front * fraction;
    }

    private static double logBeta(double a, double b) {
        return logGamma(a) + logGamma(b) - logGamma(a + b);
    }

    /** ln Γ(x) for x > 0, Lanczos' approximation (g = 7, nine terms: about 15 digits). */
    static double logGamma(double x) {
        if (x < 0.5) {
            // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] coefficients = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        double z = x - 1;
        double sum = coefficients[0];
        for (int i = 1; i < coefficients.length; i++) {
            sum += coefficients[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    /** The geometric mean of positive ratios: the ratio that, applied to every pair, gives the same product. */
    static double geometricMean(List<Double> ratios) {
        if (ratios.isEmpty()) {
            throw new IllegalArgumentException("no ratios");
        }
        double logs = 0;
        for (double ratio : ratios) {
            if (!(ratio > 0) || Double.isInfinite(ratio)) {
                throw new IllegalArgumentException("a ratio must be positive and finite, not " + ratio);
            }
            logs += Math.log(ratio);
        }
        return Math.exp(logs / ratios.size());
    }
}
