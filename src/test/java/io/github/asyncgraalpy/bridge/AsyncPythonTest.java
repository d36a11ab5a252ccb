package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.PyRaisable;
import io.github.asyncgraalpy.runtime.PythonException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The front door: one object, one call each way; lifetimes, results and failures handled for the caller. */
@Timeout(60)
class AsyncPythonTest {

    private static AsyncPython shared;

    @BeforeAll
    static void start() {
        shared = AsyncPython.start().run("""
                import asyncio

                async def echo(value):
                    return value

                async def fails(message):
                    await asyncio.sleep(0)
                    raise ValueError(message)
                """);
    }

    @AfterAll
    static void close() {
        shared.close();
    }

    /** The README's first example: Python awaits a Java future, Java gets Python's coroutine as one. */
    static int twiceFromJava() throws Exception {
        try (AsyncPython python = AsyncPython.start()) {
            python.run("""
                    async def twice(future):
                        return 2 * await future
                    """);
            CompletableFuture<Integer> answer = python.toFuture(Integer.class, "twice", CompletableFuture.supplyAsync(() -> 21));
            return answer.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theReadmeExampleAwaitsBothWaysAndClosesWhatItOpened() throws Exception {
        assertEquals(42, twiceFromJava());
    }

    @Test
    void resultsArePlainJavaValues() throws Exception {
        shared.run("async def data():\n    return {'n': 1, 'items': [1.5, 'two', None, True]}");
        Object result = shared.toFuture(Object.class, "data").get(30, TimeUnit.SECONDS);
        assertEquals(Map.of("n", 1, "items", Arrays.asList(1.5, "two", null, true)), result);
        assertInstanceOf(java.util.LinkedHashMap.class, result, "a copy, not a view into the context");
    }

    @Test
    void aPythonExceptionFailsTheFutureWithItsTypeAndMessage() {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> shared.toFuture(Object.class, "fails", "bad input").get(30, TimeUnit.SECONDS));
        PythonException raised = assertInstanceOf(PythonException.class, failed.getCause());
        assertEquals("ValueError", raised.pythonType());
        assertEquals("bad input", raised.pythonMessage());
    }

    @Test
    void anUnknownFunctionIsPythonsNameError() {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> shared.toFuture(Object.class, "no_such_function").get(30, TimeUnit.SECONDS));
        PythonException raised = assertInstanceOf(PythonException.class, failed.getCause());
        assertEquals("NameError", raised.pythonType());
        assertEquals("name 'no_such_function' is not defined", raised.pythonMessage());
    }

    @Test
    void aResultOfTheWrongTypeFailsItsFutureAndNothingElse() throws Exception {
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> shared.toFuture(Integer.class, "echo", "not a number").get(30, TimeUnit.SECONDS));
        assertInstanceOf(ClassCastException.class, failed.getCause());
        assertEquals(7, shared.toFuture(Integer.class, "echo", 7).get(30, TimeUnit.SECONDS));
    }

    @Test
    void nullIsNoneAndJavaObjectsGoAsTheyAre() throws Exception {
        assertEquals(null, shared.toFuture(Object.class, "echo", (Object) null).get(30, TimeUnit.SECONDS));
        List<String> javaList = List.of("a");
        assertTrue(javaList == shared.toFuture(List.class, "echo", javaList).get(30, TimeUnit.SECONDS));
    }

    /** An exception of the application's own that says which Python exception it is. */
    static final class QuoteTimeout extends RuntimeException implements PyRaisable {
        private final String pythonType;

        QuoteTimeout(String pythonType) {
            super("no quote within 2 s");
            this.pythonType = pythonType;
        }

        @Override
        public String pythonType() {
            if (pythonType.equals("raises")) {
                throw new IllegalStateException("a broken pythonType()");
            }
            return pythonType;
        }
    }

    @Test
    void aJavaFutureFailingWithAPyRaisableRaisesThePythonTypeItNames() throws Exception {
        shared.run("""
                async def caught(future):
                    try:
                        await future
                    except TimeoutError as timeout:
                        return "TimeoutError: " + str(timeout)
                    except Exception as other:
                        return type(other).__name__ + ": " + str(other)
                """);
        assertEquals("TimeoutError: no quote within 2 s", shared.toFuture(String.class, "caught",
                CompletableFuture.failedFuture(new QuoteTimeout("TimeoutError"))).get(30, TimeUnit.SECONDS));
        // What cannot name a type (a pythonType() that throws, or is blank) is any Java exception's JavaError.
        String asJavaError = "JavaError: " + QuoteTimeout.class.getName() + ": no quote within 2 s";
        assertEquals(asJavaError, shared.toFuture(String.class, "caught",
                CompletableFuture.failedFuture(new QuoteTimeout("raises"))).get(30, TimeUnit.SECONDS));
        assertEquals(asJavaError, shared.toFuture(String.class, "caught",
                CompletableFuture.failedFuture(new QuoteTimeout(" "))).get(30, TimeUnit.SECONDS));
    }

    @Test
    void codeThatRaisesIsAPythonExceptionAndTheContextGoesOn() throws Exception {
        PythonException raised = assertThrows(PythonException.class, () -> shared.run("defined_before = 1\n1 / 0"));
        assertEquals("ZeroDivisionError", raised.pythonType());
        assertThrows(PythonException.class, () -> shared.run("def broken(:"));
        shared.run("async def uses_it():\n    return defined_before + 1");
        assertEquals(2, shared.toFuture(Integer.class, "uses_it").get(30, TimeUnit.SECONDS));
    }

    @Test
    void cancellingTheJavaFutureCancelsThePythonTask() throws Exception {
        shared.run("""
                started, cancelled = asyncio.Event(), asyncio.Event()

                async def cancellable():
                    started.set()
                    try:
                        await asyncio.sleep(3600)
                    except asyncio.CancelledError:
                        cancelled.set()
                        raise

                async def has_happened(event):
                    await asyncio.wait_for(event.wait(), 30)
                    return True
                """);
        CompletableFuture<Object> task = shared.toFuture(Object.class, "cancellable");
        Object started = shared.context().eval("started");
        assertEquals(true, shared.toFuture(Boolean.class, "has_happened", started).get(30, TimeUnit.SECONDS));
        assertTrue(task.cancel(true));
        Object cancelled = shared.context().eval("cancelled");
        assertEquals(true, shared.toFuture(Boolean.class, "has_happened", cancelled).get(30, TimeUnit.SECONDS));
    }

    @Test
    void closeCancelsWhatIsPendingKeepsWhatFinishedAndRefusesMore() throws Exception {
        AsyncPython python = AsyncPython.start().run("""
                import asyncio
                started = asyncio.Event()

                async def waits_for_ever():
                    started.set()
                    await asyncio.Event().wait()

                async def has_started():
                    await asyncio.wait_for(started.wait(), 30)

                async def numbers():
                    return [1, [2, 3]]
                """);
        Object finished = python.toFuture(Object.class, "numbers").get(30, TimeUnit.SECONDS);
        CompletableFuture<Object> pending = python.toFuture(Object.class, "waits_for_ever");
        python.toFuture(Object.class, "has_started").get(30, TimeUnit.SECONDS);
        python.close();
        assertThrows(CancellationException.class, () -> pending.get(1, TimeUnit.SECONDS));
        // Read after the context closed: a view into it would fail here.
        assertEquals(List.of(1, List.of(2, 3)), finished);
        assertThrows(IllegalStateException.class, () -> python.context().eval("1"), "the context closes with it");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> python.toFuture(Object.class, "waits_for_ever"));
        assertEquals("this AsyncPython is closed", refused.getMessage());
        assertThrows(IllegalStateException.class, () -> python.run("x = 1"));
        python.close(); // idempotent
    }
}
