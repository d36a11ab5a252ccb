package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.TestRuntime;

import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A closed context leaves nothing behind that keeps it reachable, including when its coroutines ran on a Java thread
 * that lives on (asyncio keeps per-thread state, which GraalPy holds in a Java ThreadLocal of that thread). The
 * benchmarks' start-up group measures the heap over many cycles; this proves the references go.
 */
@Timeout(180)
class ClosedContextMemoryTest {

    private static final int CONTEXTS = 4;
    private static final String ASYNCIO_WORK = String.join("\n",
            "import asyncio",
            "async def work():",
            "    await asyncio.sleep(0)",
            "    return bytearray(4 * 1024 * 1024)",
            "asyncio.run(work())");

    @Test
    void aClosedContextIsCollectedEvenAfterRunningOnALongLivedThread() throws Exception {
        ExecutorService longLived = Executors.newSingleThreadExecutor();
        List<WeakReference<Context>> closed = new ArrayList<>();
        try {
            for (int i = 0; i < CONTEXTS; i++) {
                PythonContext python = TestRuntime.shared().newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
                closed.add(new WeakReference<>(python.context()));
                longLived.submit(() -> python.eval(ASYNCIO_WORK)).get(60, TimeUnit.SECONDS);
                python.close();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (closed.stream().anyMatch(reference -> reference.get() != null) && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(100);
            }
            assertEquals(0, closed.stream().filter(reference -> reference.get() != null).count(),
                    "closed contexts still reachable after GC");
            assertTrue(longLived.submit(() -> true).get(10, TimeUnit.SECONDS), "the thread they ran on lives on");
        } finally {
            longLived.shutdownNow();
        }
    }
}
