package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.graalvm.polyglot.PolyglotException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A run that keeps more of the heap than its guard allows is cancelled and the JVM goes on; garbage that a collection
 * frees does not count. One guard, one context at a time, as its contract asks.
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

    /**
     * Only what a full collection leaves counts: a heap past the limit with garbage is collected first, and the run
     * goes on; a heap still past it after the collection stops the run. The heap here is the test's, so that when the
     * JVM's own collector happens to run first cannot decide the outcome.
     */
    @Test
    void aHeapPastTheLimitOnlyUntilACollectionDoesNotStopTheRunOneStillPastItDoes() {
        AtomicLong inUse = new AtomicLong(100 * MEBIBYTE);
        AtomicLong afterCollection = new AtomicLong(10 * MEBIBYTE);
        AtomicInteger collections = new AtomicInteger();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HeapGuard guard = new HeapGuard(50 * MEBIBYTE, inUse::get, () -> {
            collections.incrementAndGet();
            inUse.set(afterCollection.get());
        })) {
            try (PythonContext python = TestRuntime.shared().newContext(out, out); HeapGuard.Watch watch = guard.watch(python)) {
                // The guard looks every 20 ms on a timer thread: short runs until it has looked (one run of 0.3 s left
                // whether it looked at all to a busy machine's scheduler).
                for (int run = 0; run < 300 && collections.get() == 0; run++) {
                    python.runScript("import time\ntime.sleep(0.1)\n", "garbage.py");
                }
                assertFalse(watch.stoppedTheRun());
                assertEquals(1, collections.get(), "collected once, when the heap looked past the limit");
            }
            inUse.set(100 * MEBIBYTE);
            afterCollection.set(60 * MEBIBYTE);
            PythonContext keeping = TestRuntime.shared().newContext(out, out);
            try (HeapGuard.Watch watch = guard.watch(keeping)) {
                assertThrows(PolyglotException.class, () -> keeping.runScript("import time\ntime.sleep(30)\n", "kept.py"));
                assertTrue(watch.stoppedTheRun());
            } finally {
                keeping.cancelQuietly();
            }
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
