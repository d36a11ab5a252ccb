package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void roundsSettleWhenTheLastThreeLieWithinFivePercentOfTheirMedian() {
        assertFalse(Measurement.settled(List.of(100.0, 100.0)), "too few rounds");
        assertTrue(Measurement.settled(List.of(900.0, 100.0, 96.0, 104.0)));
        assertFalse(Measurement.settled(List.of(100.0, 94.0, 100.0)));
    }

    @Test
    void warmUpStopsOnceSettledAndOnlyTheMeasuredRoundsAreReported() {
        AtomicLong round = new AtomicLong();
        long[] nanos = {9000, 5000, 1000, 1000, 1000, 1000, 2000, 3000};
        Measurement measurement = Measurement.measure("case", "GraalPy", 10, 3, () -> nanos[(int) round.getAndIncrement()]);
        assertEquals(5, measurement.warmupRounds());
        assertEquals(List.of(100.0, 200.0, 300.0), measurement.perOperationNanos());
        assertEquals(200.0, measurement.median());
        assertEquals(100.0, measurement.percentile(10));
        assertEquals(300.0, measurement.percentile(90));
    }

    @Test
    void aRoundThatNeverSettlesStopsWarmingUpAtTheLimit() {
        AtomicLong round = new AtomicLong();
        Measurement measurement = Measurement.measure("noisy", "GraalPy", 1, 1, () -> round.getAndIncrement() % 2 == 0 ? 100 : 200);
        assertEquals(Measurement.MAX_WARMUP_ROUNDS, measurement.warmupRounds());
    }

    @Test
    void cpythonsOutputIsReadBack() {
        assertEquals(Map.of("await/native-async-def", List.of(9513600L, 9249008L), "drive/python-drives", List.of(25640528L)),
                CPythonWorkloads.parse("{\"await/native-async-def\": [9513600, 9249008], \"drive/python-drives\": [25640528]}"));
    }
}
