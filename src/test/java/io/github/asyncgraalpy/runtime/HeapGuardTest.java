package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import org.graalvm.polyglot.PolyglotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run that keeps more of the heap than its guard allows is cancelled and the JVM goes on; a run that makes garbage
 * but keeps little is not. One guard, one context at a time, as its contract asks.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HeapGuardTest {

    private static final long MEBIBYTE = 1024 * 1024;

    private static long heapInUse() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aRunThatKeepsAllocatingIsCancelledAndTheNextContextRuns() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PythonContext keeping = TestRuntime.shared().newContext(out, out);
        long limit = heapInUse() + 64 * MEBIBYTE;
        try (HeapGuard guard = HeapGuard.keepingAtMost(limit)) {
            HeapGuard.Watch watch = guard.watch(keeping);
            try (watch) {
                // Unstopped, GraalPy's own MemoryError ends it once the whole heap is full: the watch did not stop it.
                RuntimeException stopped = assertThrows(RuntimeException.class, () -> keeping.runScript(
                        "kept = []\nwhile True:\n    kept.append(bytearray(16 << 20))\n", "keeps.py"));
                assertTrue(watch.stoppedTheRun(), () -> "stopped by the guard, not by " + stopped);
                assertTrue(stopped instanceof PolyglotException cancelled && cancelled.isCancelled(), () -> "cancelled: " + stopped);
            } finally {
                keeping.cancelQuietly();
            }
            try (PythonContext next = TestRuntime.shared().newContext(out, out); HeapGuard.Watch again = guard.watch(next)) {
                assertEquals(42, next.eval("6 * 7").asInt());
                assertFalse(again.stoppedTheRun());
            }
        }
    }

    @Test
    void aRunThatMakesGarbageButKeepsLittleIsNotStopped() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PythonContext python = TestRuntime.shared().newContext(out, out);
                HeapGuard guard = HeapGuard.keepingAtMost(heapInUse() + 48 * MEBIBYTE);
                HeapGuard.Watch watch = guard.watch(python)) {
            // 128 MiB in all, 8 MiB at a time (two at most alive at once): past the limit in total, never kept.
            python.runScript("for _ in range(16):\n    chunk = bytearray(8 << 20)\n", "garbage.py");
            assertFalse(watch.stoppedTheRun());
        }
    }

    @Test
    void aLimitBelowZeroOrAShareOutsideZeroToOneIsRefused() {
        assertEquals("a heap limit is 0 (none) or a number of bytes, not -1",
                assertThrows(IllegalArgumentException.class, () -> HeapGuard.keepingAtMost(-1)).getMessage());
        for (double share : new double[] {0, -0.5, 1.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> HeapGuard.shareOfMaxHeap(share), "share " + share);
        }
        assertEquals(Runtime.getRuntime().maxMemory(), HeapGuard.shareOfMaxHeap(1));
    }

    @Test
    void aClosedGuardWatchesNothingMore() {
        HeapGuard guard = HeapGuard.keepingAtMost(0);
        guard.close();
        try (PythonContext python = TestRuntime.shared().newContext()) {
            assertEquals("this heap guard is closed", assertThrows(IllegalStateException.class, () -> guard.watch(python)).getMessage());
        }
    }
}
