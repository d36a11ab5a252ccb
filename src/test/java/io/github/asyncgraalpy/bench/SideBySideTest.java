package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SideBySideTest {

    private static final SideBySide.Policy POLICY = new SideBySide.Policy(3, 0.05, 20, Duration.ofMinutes(1), 4);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @Test
    void warmUpEndsWhenEveryCaseHasSettledAndOnlyTheLaterRoundsAreSamples() {
        double[] baseline = {900, 500, 100, 100, 100, 101, 102, 103, 104};
        double[] other = {50, 40, 30, 30, 30, 31, 32, 33, 34};
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        List<Measurement> measured = measure(List.of(
                new SideBySide.Case("group/baseline", () -> baseline[a.getAndIncrement()]),
                new SideBySide.Case("group/other", () -> other[b.getAndIncrement()])), CompilationLog.of(dir.resolve("none.log")));

        assertEquals(List.of(900.0, 500.0, 100.0, 100.0, 100.0), measured.get(0).warmup());
        assertEquals(List.of(101.0, 102.0, 103.0, 104.0), measured.get(0).samples());
        assertEquals(List.of(31.0, 32.0, 33.0, 34.0), measured.get(1).samples());
        assertEquals("group/baseline", measured.get(1).baseline(), "the first case is every case's baseline");
        assertTrue(measured.get(1).steady());
        assertTrue(progress.toString().contains("group: settled after 5 warm-up passes"), progress.toString());
    }

    @Test
    void aDeoptimisationInTheWindowKeepsWarmUpGoingThoughTheTimesLookSettled() throws IOException {
        Path log = dir.resolve("compilation.log");
        Files.writeString(log, "");
        AtomicInteger round = new AtomicInteger();
        measure(List.of(new SideBySide.Case("group/only", () -> {
            int index = round.getAndIncrement();
            if (index == 3) {
                append(log, "[engine] opt done   engine=1  id=8  <bytecode other at 2f> |Tier 2\n");
            }
            if (index == 4) {
                append(log, "[engine] opt deopt  engine=1  id=7  <OSR@12 <bytecode body at 1f>> |UTC 2026\n");
            }
            return index == 0 ? 900 : index == 1 ? 500 : 100;
        })), CompilationLog.of(log));
        // Settled times from pass 5 on (the compilation finishing in pass 4 does not count), but the deopt in pass 5 restarts the three-pass window: passes 6, 7, 8.
        assertEquals(8, round.get() - POLICY.samples());
    }

    @Test
    void deoptimisationWhileMeasuringMarksTheGroupNotSteadyAndNamesTheCode() throws IOException {
        Path log = dir.resolve("compilation.log");
        Files.writeString(log, "");
        AtomicInteger round = new AtomicInteger();
        List<Measurement> measured = measure(List.of(new SideBySide.Case("group/only", () -> {
            if (round.getAndIncrement() == 4) {
                append(log, "[engine] opt deopt  engine=1  id=9  <bytecode awaits at 6d1f>  |UTC 2026-11-24\n");
            }
            return 100;
        })), CompilationLog.of(log));
        assertFalse(measured.get(0).steady());
        assertEquals(1, measured.get(0).deoptsWhileMeasured());
        assertTrue(progress.toString().contains("1 deoptimisations while measuring: <bytecode awaits>"), progress.toString());
    }

    @Test
    void roundsThatNeverSettleStopAtTheCapAndAreNotSteady() {
        AtomicInteger round = new AtomicInteger();
        List<Measurement> measured = measure(List.of(new SideBySide.Case("group/noisy", () -> round.getAndIncrement() % 2 == 0 ? 100 : 200)),
                CompilationLog.of(dir.resolve("none.log")));
        assertEquals(POLICY.maxWarmupPasses(), measured.get(0).warmup().size());
        assertFalse(measured.get(0).steady());
        assertTrue(progress.toString().contains("NOT settled"), progress.toString());
    }

    @Test
    void warmUpWaitsForTheCompilersToFallQuietThoughTheTimesLookSettled() {
        // The compilers take a whole core until the tenth look at them, then nothing more: times are settled from the start.
        AtomicInteger looks = new AtomicInteger();
        AtomicLong compilerNanos = new AtomicLong();
        long[] lastLook = {System.nanoTime()};
        SideBySide.QuietCompilers quiet = new SideBySide.QuietCompilers(Duration.ofMillis(40), 0.10, () -> {
            long now = System.nanoTime();
            if (looks.getAndIncrement() < 10) {
                compilerNanos.addAndGet(now - lastLook[0]);
            }
            lastLook[0] = now;
            return compilerNanos.get();
        });
        AtomicInteger round = new AtomicInteger();
        List<Measurement> measured = SideBySide.measure("group", "ns per await", List.of(new SideBySide.Case("group/only", () -> {
            round.getAndIncrement();
            sleep(Duration.ofMillis(5));
            return 100;
        })), POLICY.withMaxWarmup(1_000, Duration.ofSeconds(30)).withQuietCompilers(quiet), CompilationLog.of(dir.resolve("none.log")),
                new PrintStream(progress, true));

        int warmup = measured.get(0).warmup().size();
        assertTrue(warmup > 10, "the times settle after 3 passes, the compilers only after their tenth look: " + warmup + " passes");
        assertTrue(measured.get(0).steady());
        assertTrue(progress.toString().contains("compilers at 0% of a core over the last 40 ms"), progress.toString());
    }

    @Test
    void compilersThatNeverFallQuietStopWarmUpAtTheCapAndTheGroupIsNotSteady() {
        long start = System.nanoTime();
        SideBySide.QuietCompilers busy = new SideBySide.QuietCompilers(Duration.ofMillis(20), 0.10, () -> System.nanoTime() - start);
        List<Measurement> measured = SideBySide.measure("group", "ns per await", List.of(new SideBySide.Case("group/only", () -> {
            sleep(Duration.ofMillis(2));
            return 100;
        })), POLICY.withQuietCompilers(busy), CompilationLog.of(dir.resolve("none.log")), new PrintStream(progress, true));
        assertEquals(POLICY.maxWarmupPasses(), measured.get(0).warmup().size());
        assertFalse(measured.get(0).steady());
        assertTrue(progress.toString().contains("compilers at 100% of a core"), progress.toString());
    }

    @Test
    void theCompilersShareIsTakenOverAtLeastTheWindowAndUnknownBeforeIt() {
        List<SideBySide.CompilerSample> samples = List.of(new SideBySide.CompilerSample(0, 0), new SideBySide.CompilerSample(1_000, 500),
                new SideBySide.CompilerSample(2_000, 600), new SideBySide.CompilerSample(3_000, 600));
        assertEquals(-1, SideBySide.shareOverWindow(samples, Duration.ofNanos(3_001)));
        assertEquals(0.2, SideBySide.shareOverWindow(samples, Duration.ofNanos(3_000)), 1e-9);
        assertEquals(0.05, SideBySide.shareOverWindow(samples, Duration.ofNanos(1_500)), 1e-9, "from the newest sample a window old");
        assertEquals(0.0, SideBySide.shareOverWindow(samples, Duration.ofNanos(1_000)), 1e-9);
    }

    @Test
    void aRunThatAsksForQuietCompilersMakesEveryPolicyWaitForThemAndKeepsAPolicysOwn() {
        SideBySide.QuietCompilers own = new SideBySide.QuietCompilers(Duration.ofSeconds(5), 0.2, () -> 0);
        assertNull(POLICY.forThisRun().quietCompilers(), "not asked: the policy as it is");
        System.setProperty(SideBySide.QUIET_COMPILERS_PROPERTY, "true");
        try {
            SideBySide.Policy asked = POLICY.forThisRun();
            assertEquals(Duration.ofSeconds(10), asked.quietCompilers().window());
            assertEquals(Duration.ofSeconds(150), asked.maxWarmup());
            assertEquals(Integer.MAX_VALUE, asked.maxWarmupPasses(), "short rounds must not end warm-up before the compilers do");
            assertEquals(POLICY.samples(), asked.samples());
            assertSame(own, POLICY.withQuietCompilers(own).forThisRun().quietCompilers());
        } finally {
            System.clearProperty(SideBySide.QUIET_COMPILERS_PROPERTY);
        }
    }

    @Test
    void spreadIsMeasuredFromTheMedian() {
        assertTrue(SideBySide.withinSpread(List.of(95.0, 100.0, 105.0), 0.05));
        assertFalse(SideBySide.withinSpread(List.of(94.0, 100.0, 105.0), 0.05));
    }

    private List<Measurement> measure(List<SideBySide.Case> cases, CompilationLog log) {
        return SideBySide.measure("group", "ns per await", cases, POLICY, log, new PrintStream(progress, true));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void append(Path log, String line) {
        try {
            Files.writeString(log, line, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
