package io.github.asyncgraalpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.OwnedResources;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Set;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a script starts through {@link JavaProducers} is bounded, and ends with its context: threads per instance and
 * per context are limited with a catchable error, unconsumed elements wait in a bounded buffer, and closing the
 * context stops producers that are still running.
 */
@Timeout(120)
class JavaProducersTest {

    private static final String PRELUDE = "import java\nJavaProducers = java.type('io.github.asyncgraalpy.examples.JavaProducers')\n";
    private static final String ENDLESS = "10**9"; // more than a script would ever consume

    private PythonContext python;
    private Set<Thread> threadsBefore;

    @BeforeEach
    void newContext() {
        threadsBefore = Thread.getAllStackTraces().keySet();
        python = ExampleRuntime.shared().newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream());
    }

    @AfterEach
    void closeContext() {
        python.close();
    }

    private Value run(String code) {
        return python.runScript(PRELUDE + code, "<test>");
    }

    private List<String> caught(String code) {
        return SharedPythonContext.raised(python, PRELUDE + code, "Exception");
    }

    @Test
    void moreProducersThanOneInstanceMayStartIsACatchableError() {
        List<String> error = caught("JavaProducers(10, " + (JavaProducers.MAX_PRODUCERS + 1) + ")");
        assertEquals(List.of("Java_java.lang.IllegalArgumentException_generated",
                "java.lang.IllegalArgumentException: count must be 0 or more and producers 1 to 16, were 10, 17"), error);
    }

    @Test
    void aContextRunsAtMostItsLimitOfJavaThreadsAndTheRefusedOneStartsNone() {
        int full = OwnedResources.MAX_THREADS / JavaProducers.MAX_PRODUCERS;
        List<String> error = caught(String.join("\n",
                "kept = [JavaProducers(" + ENDLESS + ", " + JavaProducers.MAX_PRODUCERS + ") for _ in range(" + full + ")]",
                "JavaProducers(" + ENDLESS + ", 1)"));
        assertEquals("java.lang.IllegalStateException: JavaProducers(1000000000, 1) would run 1 more Java threads for this context,"
                + " which runs 64 already; at most 64 at once", error.get(1));
        assertEquals(OwnedResources.MAX_THREADS, python.owned().threads());
        assertEquals(OwnedResources.MAX_THREADS, producerThreads().size(), "the refused instance started no thread");
    }

    @Test
    void closingTheContextEndsProducersStillRunning() throws InterruptedException {
        run("unconsumed = [JavaProducers(" + ENDLESS + ", 4) for _ in range(3)]");
        List<Thread> producers = producerThreads();
        assertEquals(12, producers.size());
        python.close();
        for (Thread producer : producers) {
            producer.join(10_000);
            assertFalse(producer.isAlive(), producer + " outlived its context");
        }
    }

    @Test
    void anUnconsumedProducerWaitsForRoomInsteadOfFillingTheHeap() throws InterruptedException {
        run("unconsumed = JavaProducers(" + ENDLESS + ", 1)");
        Thread producer = producerThreads().get(0);
        for (int i = 0; i < 1_000 && producer.getState() != Thread.State.WAITING; i++) {
            Thread.sleep(10);
        }
        assertEquals(Thread.State.WAITING, producer.getState(), "a producer ahead of its consumer by the buffer waits");
    }

    @Test
    void producersThatFinishGiveTheirThreadsBack() throws InterruptedException {
        Value namespace = run(String.join("\n",
                "import asyncio",
                "async def consume():",
                "    return sorted([item async for item in JavaProducers(100, 4)])",
                "items = asyncio.run(consume())"));
        assertEquals("list(range(100))", "list(range(" + namespace.getHashValue("items").getArraySize() + "))");
        assertEquals(99, namespace.getHashValue("items").getArrayElement(99).asInt());
        for (int i = 0; i < 1_000 && python.owned().threads() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, python.owned().threads());
        assertTrue(producerThreads().isEmpty());
    }

    /** The producer threads this test started that are still alive. */
    private List<Thread> producerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("producer-") && thread.isAlive() && !threadsBefore.contains(thread))
                .toList();
    }
}
