package io.github.asyncgraalpy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerLoadTest {

    /** Readings a test sets: HotSpot's total and the live threads, each with the CPU time it has used. */
    private static final class SetReadings implements CompilerLoad.Readings {
        long hotspot;
        final List<CompilerLoad.LiveThread> threads = new ArrayList<>();

        void thread(long id, String name, long cpuNanos) {
            threads.removeIf(thread -> thread.id() == id);
            threads.add(new CompilerLoad.LiveThread(id, name, () -> cpuNanos));
        }

        @Override
        public long hotspotNanos() {
            return hotspot;
        }

        @Override
        public List<CompilerLoad.LiveThread> liveThreads() {
            return threads;
        }
    }

    @Test
    void hotSpotsTimeAndTruffleCompilerThreadsOnly() {
        SetReadings readings = new SetReadings();
        readings.hotspot = 1_000;
        readings.thread(1, CompilerLoad.TRUFFLE_COMPILER_THREAD + "1", 200);
        readings.thread(2, "main", 50_000);
        readings.thread(3, "C2 CompilerThread0", 70_000); // HotSpot's own: already in its compilation time
        assertEquals(1_200, new CompilerLoad(readings).nanosSoFar());
    }

    @Test
    void aCompilerThreadThatEndedKeepsWhatItUsedCountedOnce() {
        SetReadings readings = new SetReadings();
        CompilerLoad load = new CompilerLoad(readings);
        readings.thread(7, CompilerLoad.TRUFFLE_COMPILER_THREAD + "7", 300);
        readings.thread(8, CompilerLoad.TRUFFLE_COMPILER_THREAD + "8", 100);
        assertEquals(400, load.nanosSoFar());
        readings.thread(8, CompilerLoad.TRUFFLE_COMPILER_THREAD + "8", 250);
        assertEquals(550, load.nanosSoFar(), "a thread read again counts its latest time, not both");
        readings.threads.clear();
        assertEquals(550, load.nanosSoFar(), "threads that ended keep what they used");
    }

    @Test
    void thisJvmHasCompiledSomethingAndItsTimeOnlyGrows() {
        CompilerLoad load = new CompilerLoad();
        long first = load.nanosSoFar();
        long second = load.nanosSoFar();
        assertTrue(first > 0, "a JVM that ran JUnit has compiled code: " + first);
        assertTrue(second >= first, first + " then " + second);
    }
}
