package io.github.asyncgraalpy.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The statistics of repeated runs, checked against figures computed apart from this code: with CPython 3.11's
 * {@code statistics} module and SciPy 1.17's {@code scipy.stats.ttest_ind(a, b, equal_var=False)} (Welch), as noted
 * at each, and one worked by hand. No GraalPy context: plain arithmetic.
 */
class StatisticsTest {

    private static final double[] FAST = {0.10, 0.11, 0.12, 0.10, 0.11};
    private static final double[] SLOW = {0.20, 0.22, 0.21, 0.19, 0.23};

    @Test
    void clearlyDifferentSamplesAreSignificantWithTheRightSign() {
        // scipy: statistic -12.750000000000004, pvalue 1.2966590730243421e-05; Welch's df 6.07715133531157
        Statistics.TTest test = Statistics.welch(FAST, SLOW).orElseThrow();
        assertEquals(-12.75, test.t(), 1e-12);
        assertEquals(6.07715133531157, test.df(), 1e-12);
        assertEquals(1.2966590730243421e-05, test.p(), 1e-12);
        assertTrue(test.significant());
        assertTrue(Statistics.welch(SLOW, FAST).orElseThrow().t() > 0, "the slower first: t is positive");
    }

    @Test
    void overlappingSamplesAreNotSignificant() {
        // scipy: statistic 0.12278182636050883, pvalue 0.907169432391823
        Statistics.TTest test = Statistics.welch(new double[] {0.10, 0.15, 0.12, 0.18}, new double[] {0.11, 0.16, 0.13, 0.14}).orElseThrow();
        assertEquals(0.12278182636050883, test.t(), 1e-12);
        assertEquals(0.907169432391823, test.p(), 1e-10);
        assertFalse(test.significant());
    }

    @Test
    void identicalSamplesAreNotSignificant() {
        Statistics.TTest same = Statistics.welch(FAST, FAST.clone()).orElseThrow();
        assertEquals(0, same.t());
        assertEquals(1, same.p(), 1e-12);
        assertFalse(same.significant());
        // No spread at all on either side: equal means are the same, different ones differ with certainty.
        assertFalse(Statistics.welch(new double[] {0.2, 0.2}, new double[] {0.2, 0.2}).orElseThrow().significant());
        assertTrue(Statistics.welch(new double[] {0.2, 0.2}, new double[] {0.3, 0.3}).orElseThrow().significant());
    }

    @Test
    void unequalSizesAndSpreadsUseWelchsDegreesOfFreedom() {
        // scipy: statistic -4.032929507386654, pvalue 0.00831542946214077; df 5.466715620099361
        Statistics.TTest test = Statistics.welch(new double[] {1.0, 1.2, 0.9}, new double[] {2.0, 3.5, 1.5, 2.8, 4.1, 2.2}).orElseThrow();
        assertEquals(-4.032929507386654, test.t(), 1e-12);
        assertEquals(5.466715620099361, test.df(), 1e-12);
        assertEquals(0.00831542946214077, test.p(), 1e-10);
    }

    @Test
    void twoRunsEachCanBeSignificantOnlyWhenFarApart() {
        // By hand: means 0.31 and 0.105; variances 0.0002 and 0.00005, over n = 2 each: 0.0001 + 0.000025 = 0.000125,
        // t = 0.205 / sqrt(0.000125) = 18.336; df = 0.000125² / (0.0001² + 0.000025²) = 1.4706.
        // scipy: statistic 18.335757415498264, pvalue 0.010299714557145205
        Statistics.TTest test = Statistics.welch(new double[] {0.30, 0.32}, new double[] {0.10, 0.11}).orElseThrow();
        assertEquals(18.335757415498264, test.t(), 1e-10);
        assertEquals(1.4705882352941166, test.df(), 1e-12);
        assertEquals(0.010299714557145205, test.p(), 1e-10);
    }

    @Test
    void oneRunOnEitherSideIsNoTest() {
        assertTrue(Statistics.welch(new double[] {0.1}, SLOW).isEmpty());
        assertTrue(Statistics.welch(SLOW, new double[] {0.1}).isEmpty());
    }

    @Test
    void theTDistributionsTailMatchesTheTables() {
        // The 97.5 % quantiles of Student's t (any table): df 1: 12.706, df 10: 2.228, df 30: 2.042; two-tailed p 0.05.
        assertEquals(0.05, Statistics.twoTailedP(12.706204736, 1), 1e-8);
        assertEquals(0.05, Statistics.twoTailedP(2.228138852, 10), 1e-8);
        assertEquals(0.05, Statistics.twoTailedP(2.042272456, 30), 1e-8);
        assertEquals(1, Statistics.twoTailedP(0, 7), 1e-12);
    }

    @Test
    void theMedianAndTheGeometricMean() {
        assertEquals(0.11, Statistics.median(FAST));
        assertEquals(0.15, Statistics.median(new double[] {0.2, 0.1}), 1e-15);
        // statistics.geometric_mean([2.0, 0.5, 1.5, 3.0]) = 1.4564753151219703 (= 4.5 ** 0.25)
        assertEquals(1.4564753151219703, Statistics.geometricMean(List.of(2.0, 0.5, 1.5, 3.0)), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Statistics.geometricMean(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Statistics.geometricMean(List.of(1.0, 0.0)));
    }
}
