package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.PythonException;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Java exception that a project class throws straight into Python (an exported method or constructor, outside
 * any coroutine step) is a Python {@code Exception} with the Java class and message, outside tasks and inside them.
 * The example: {@link AsyncQueue} has one consumer, so a second pending {@code nextElement()} throws.
 */
@Timeout(120)
class JavaExceptionsInPythonTest {

    private static final String MESSAGE =
            "java.lang.IllegalStateException: an AsyncQueue has one consumer: the previous nextElement() is still pending";

    private static final String SECOND_CONSUMER = String.join("\n",
            "import asyncio, java",
            "AsyncQueue = java.type('io.github.asyncgraalpy.bridge.AsyncQueue')",
            "def second_consumer():",
            "    queue = AsyncQueue()",
            "    queue.nextElement()",
            "    queue.nextElement()",
            "async def in_a_task():",
            "    second_consumer()",
            "");

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    @Test
    void outsideATaskExceptCatchesItWithTheJavaClassAndMessage() {
        List<String> caught = python.raised(SECOND_CONSUMER + "second_consumer()", "Exception");
        assertEquals(List.of("Java_java.lang.IllegalStateException_generated", MESSAGE), caught);
    }

    @Test
    void awaitedInATaskItArrivesAsAJavaErrorWithItsMessage() {
        List<String> caught = python.raised(SECOND_CONSUMER + String.join("\n",
                "async def main():",
                "    await asyncio.create_task(in_a_task())",
                "asyncio.run(main())"), "Exception");
        assertEquals(List.of("JavaError", MESSAGE), caught);
        assertEquals("java.lang.IllegalStateException", python.run(SECOND_CONSUMER + String.join("\n",
                "async def main():",
                "    try:",
                "        await asyncio.create_task(in_a_task())",
                "    except Exception as error:",
                "        return error.java_class",
                "java_class = asyncio.run(main())"), "java_class").asString());
    }

    @Test
    void aGatheredFailureLeavesItsSiblingsResult() {
        assertEquals("['JavaError', 'sibling']", python.repr(python.run(SECOND_CONSUMER + String.join("\n",
                "async def main():",
                "    return await asyncio.gather(in_a_task(), asyncio.sleep(0.01, 'sibling'), return_exceptions=True)",
                "results = [type(r).__name__ if isinstance(r, Exception) else r for r in asyncio.run(main())]"), "results")));
    }

    @Test
    void uncaughtItEndsTheScriptWithAPythonTracebackNotAJavaStack() {
        PythonException uncaught = assertThrows(PythonException.class, () -> python.run(SECOND_CONSUMER + "asyncio.run(in_a_task())"));
        assertEquals("asyncgraalpy.JavaError", uncaught.pythonType());
        assertTrue(uncaught.pythonTraceback().strip().endsWith("asyncgraalpy.JavaError: " + MESSAGE), uncaught.pythonTraceback());
        assertFalse(uncaught.pythonTraceback().contains("\tat "), uncaught.pythonTraceback());
    }
}
