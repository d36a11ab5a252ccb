package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.PythonException;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python coroutines as Java futures, through an asyncio loop on a Java thread of its own. */
@Timeout(120)
class AsyncioLoopThreadTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static final String COROUTINES = String.join("\n",
            "import asyncio",
            "events = []",
            "waiting = []",
            "async def answer(value, delay=0):",
            "    await asyncio.sleep(delay)",
            "    return value",
            "async def fails():",
            "    await asyncio.sleep(0)",
            "    raise KeyError('missing')",
            "async def waits_forever(name):",
            "    waiting.append(name)",
            "    try:",
            "        await asyncio.sleep(3600)",
            "    except asyncio.CancelledError:",
            "        events.append(f'{name} cancelled')",
            "        raise",
            "async def cancels_itself():",
            "    asyncio.current_task().cancel()",
            "    await asyncio.sleep(0)");

    private Value namespace;
    private AsyncioLoopThread loop;

    @BeforeEach
    void startLoop() {
        namespace = python.run(COROUTINES);
        loop = AsyncioLoopThread.start(python.context());
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private Value call(String function, Object... arguments) {
        return python.context().call(namespace.getHashValue(function), arguments);
    }

    /**
     * Waits (up to 30 s) until {@code waits_forever(name)} runs: a task cancelled before its first step never enters its
     * {@code try}, so a fixed sleep before cancelling left the test to the loop thread's scheduling.
     */
    private void awaitWaiting(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!python.repr(namespace.getHashValue("waiting")).contains("'" + name + "'") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(python.repr(namespace.getHashValue("waiting")).contains("'" + name + "'"), name + " never started");
    }

    @Test
    void aCoroutineSubmittedFromAnyJavaThreadCompletesItsFuture() throws Exception {
        List<CompletableFuture<Value>> futures = new ArrayList<>();
        List<Thread> submitters = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int value = i;
            Thread submitter = new Thread(() -> {
                synchronized (futures) {
                    futures.add(loop.submit(call("answer", value, 0.01)));
                }
            });
            submitter.start();
            submitters.add(submitter);
        }
        for (Thread submitter : submitters) {
            submitter.join();
        }
        Set<Integer> results = new java.util.HashSet<>();
        for (CompletableFuture<Value> future : futures) {
            results.add(future.get(30, TimeUnit.SECONDS).asInt());
        }
        assertEquals(Set.of(0, 1, 2, 3), results);
    }

    @Test
    void aPythonExceptionCompletesTheFutureWithTypeMessageAndTraceback() {
        ExecutionException error = assertThrows(ExecutionException.class, () -> loop.submit(call("fails")).get(30, TimeUnit.SECONDS));
        PythonException cause = assertInstanceOf(PythonException.class, error.getCause());
        assertEquals("KeyError", cause.pythonType());
        assertEquals("'missing'", cause.pythonMessage());
        assertTrue(cause.pythonTraceback().contains("in fails"), cause.pythonTraceback());
    }

    @Test
    void cancellingTheJavaFutureCancelsTheTask() throws Exception {
        CompletableFuture<Value> future = loop.submit(call("waits_forever", "from Java"));
        awaitWaiting("from Java");
        assertTrue(future.cancel(true));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (namespace.getHashValue("events").getArraySize() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("['from Java cancelled']", python.repr(namespace.getHashValue("events")));
    }

    @Test
    void aTaskCancelledInPythonCompletesTheFutureWithCancellationException() {
        CompletableFuture<Value> future = loop.submit(call("cancels_itself"));
        assertThrows(CancellationException.class, () -> future.get(30, TimeUnit.SECONDS));
        assertTrue(future.isCancelled());
    }

    @Test
    void closeCancelsAndAwaitsPendingTasksEndsTheThreadAndRefusesLaterSubmits() throws Exception {
        Set<String> threadsBefore = liveThreadNames();
        CompletableFuture<Value> pending = loop.submit(call("waits_forever", "at close"));
        awaitWaiting("at close");
        loop.close();
        assertTrue(pending.isCancelled(), "the pending task's future completed by close");
        assertFalse(loop.isRunning(), "the loop thread ended");
        assertEquals(0, loop.pendingCount());
        assertEquals("['at close cancelled']", python.repr(namespace.getHashValue("events")),
                "the task saw its cancellation before the loop closed");
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> loop.submit(call("answer", 1)));
        assertEquals("this AsyncioLoopThread is closed: submit before close()", refused.getMessage());
        Set<String> left = liveThreadNames();
        left.removeAll(threadsBefore);
        assertEquals(Set.of(), left.stream().filter(name -> name.contains("asyncio")).collect(Collectors.toSet()));
        loop.close();
    }

    @Test
    void runToCompletionIsAsyncioRunForJava() {
        assertEquals(42, AsyncioLoopThread.runToCompletion(python.context(), call("answer", 42, 0.01)).asInt());
    }

    /** Java service that Python calls back: it runs a Python coroutine on the loop thread and returns its future. */
    public static final class Relay {
        private final AsyncioLoopThread loop;

        Relay(AsyncioLoopThread loop) {
            this.loop = loop;
        }

        @HostAccess.Export
        public CompletableFuture<Object> relay(Value coroutine) {
            return CompletableFuture.supplyAsync(() -> loop.submit(coroutine).join()).thenApply(value -> value.asInt() * 2);
        }
    }

    @Test
    void javaCallingPythonCallingJavaNested() throws Exception {
        Value nested = python.run(String.join("\n",
                "import asyncio",
                "async def inner(x):",
                "    await asyncio.sleep(0.01)",
                "    return x + 1",
                "async def outer(relay):",
                "    return await relay.relay(inner(20))"), "outer");
        CompletableFuture<Value> future = loop.submit(python.context().call(nested, new Relay(loop)));
        assertEquals(42, future.get(30, TimeUnit.SECONDS).asInt());
    }

    /** Throws an Error from Java into the loop's thread. */
    public static final class Boom {
        @HostAccess.Export
        public void explode() {
            throw new AssertionError("the loop thread is killed");
        }
    }

    @Test
    void aJavaErrorInATaskFailsThatTaskOnlyAndTheLoopGoesOn() throws Exception {
        CompletableFuture<Value> bystander = loop.submit(call("answer", "still here", 0.2));
        Value killer = python.run(String.join("\n",
                "import asyncio",
                "async def explode(boom):",
                "    await asyncio.sleep(0)",
                "    boom.explode()"), "explode");
        CompletableFuture<Value> exploding = loop.submit(python.context().call(killer, new Boom()));
        ExecutionException error = assertThrows(ExecutionException.class, () -> exploding.get(30, TimeUnit.SECONDS));
        assertTrue(String.valueOf(error.getCause()).contains("the loop thread is killed"), String.valueOf(error.getCause()));
        assertEquals("still here", bystander.get(30, TimeUnit.SECONDS).asString());
        assertTrue(loop.isRunning());
    }

    @Test
    void whenSomethingEscapesTheLoopItsThreadEndsAndEveryPendingFutureFails() throws Exception {
        CompletableFuture<Value> bystander = loop.submit(call("waits_forever", "bystander"));
        Value stopper = python.run(String.join("\n",
                "import asyncio, sys",
                "async def escape():",
                "    asyncio.get_running_loop().call_soon(sys.exit, 3)   # SystemExit leaves run_forever"), "escape");
        loop.submit(python.context().call(stopper));
        ExecutionException error = assertThrows(ExecutionException.class, () -> bystander.get(30, TimeUnit.SECONDS));
        assertTrue(String.valueOf(error.getCause()).contains("SystemExit"), String.valueOf(error.getCause()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (loop.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(loop.isRunning());
        assertTrue(loop.failure().isPresent());
        CompletableFuture<Value> afterDeath = loop.submit(call("answer", 1));
        assertThrows(ExecutionException.class, () -> afterDeath.get(30, TimeUnit.SECONDS), "a submit after the death fails fast");
        loop.close();
    }

    @Test
    void closingTheContextWithJavaFuturesPendingIsRefusedUntilItsLoopClosesThenLeavesNothingHanging() throws Exception {
        CompletableFuture<Object> javaFuture = new CompletableFuture<>();
        io.github.asyncgraalpy.runtime.PythonContext own = TestRuntime.shared()
                .newContext(new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream());
        Value awaitIt = own.runScript("async def await_it(future):\n    return await future", "<pending>").getHashValue("await_it");
        AsyncioLoopThread ownLoop = AsyncioLoopThread.start(own);
        CompletableFuture<Value> submitted = ownLoop.submit(own.call(awaitIt, javaFuture));
        // Until the task awaits the Java future (it then depends on it), a close would cancel a task that never awaited.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (javaFuture.getNumberOfDependents() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(javaFuture.getNumberOfDependents() > 0, "the task never awaited the Java future");

        // The loop thread runs Python with a Java future pending: closing the context now is refused, and changes nothing.
        assertThrows(IllegalStateException.class, own::close);
        assertEquals(2, own.eval("1 + 1").asInt(), "the context is as usable as before");
        assertFalse(submitted.isDone(), "and what it was doing goes on");

        ownLoop.close();
        own.close();
        assertThrows(IllegalStateException.class, () -> own.context().eval("python", "1"), "now it is closed");
        assertTrue(submitted.isCancelled(), "the pending coroutine's future was cancelled at close");
        assertTrue(javaFuture.isCancelled(), "and the Java future it awaited heard of it");
        assertFalse(javaFuture.complete("late"), "completing it later is a no-op that throws nothing");
    }

    /** Closes a loop from whatever thread calls it: Python's, when a task of that very loop does. */
    public static final class Closer {
        private final AsyncioLoopThread loop;

        Closer(AsyncioLoopThread loop) {
            this.loop = loop;
        }

        @HostAccess.Export
        public String closeLoop() {
            try {
                loop.close();
                return "closed";
            } catch (IllegalStateException refused) {
                return refused.getMessage();
            }
        }
    }

    @Test
    @Timeout(20)
    void closeFromATaskOfTheLoopItselfFailsFastAndChangesNothing() throws Exception {
        Value closes = python.run("async def closes(closer):\n    return closer.closeLoop()", "closes");
        long started = System.nanoTime();
        Value answer = loop.submit(python.context().call(closes, new Closer(loop))).get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "it did not wait for itself");
        assertEquals("AsyncioLoopThread.close() was called on the loop's own thread (from one of its tasks or callbacks),"
                + " where it would wait for itself: close it from another thread", answer.asString());
        assertTrue(loop.isRunning());
        assertEquals(7, loop.submit(call("answer", 7)).get(10, TimeUnit.SECONDS).asInt(), "the loop goes on");
    }

    @Test
    void aLoopStoppedByPythonFailsTheUnfinishedSubmissionsWithIllegalStateException() throws Exception {
        Value stops = python.run(String.join("\n",
                "import asyncio",
                "async def stops():",
                "    asyncio.get_running_loop().stop()",
                "    await asyncio.sleep(3600)"), "stops");
        CompletableFuture<Value> bystander = loop.submit(call("waits_forever", "bystander"));
        CompletableFuture<Value> stopping = loop.submit(python.context().call(stops));
        String expected = "the asyncio loop was stopped by Python code (loop.stop()) before AsyncioLoopThread.close(): its"
                + " unfinished submissions did not finish";
        for (CompletableFuture<Value> future : List.of(bystander, stopping)) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
            assertEquals(expected, assertInstanceOf(IllegalStateException.class, failed.getCause()).getMessage());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (loop.isRunning() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertFalse(loop.isRunning());
        assertEquals(expected, loop.failure().map(Throwable::getMessage).orElse("no failure"));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> loop.submit(call("answer", 1)));
        assertEquals(expected, refused.getMessage());
    }

    @Test
    void aTaskThatSwallowsCancelledErrorIsAbandonedAtTheCloseLimit() throws Exception {
        Value refuses = python.run(String.join("\n",
                "import asyncio",
                "refusals = []",
                "async def refuses():",
                "    while True:",
                "        try:",
                "            await asyncio.sleep(3600)",
                "        except asyncio.CancelledError:",
                "            refusals.append('swallowed')"), "refuses");
        CompletableFuture<Value> stubborn = loop.submit(python.context().call(refuses));
        CompletableFuture<Value> willing = loop.submit(call("waits_forever", "willing"));
        while (loop.runningCount() < 2) {
            Thread.sleep(5);
        }
        long started = System.nanoTime();
        loop.close(java.time.Duration.ofMillis(300));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis < 2_300, "close took " + tookMillis + " ms, past the limit and the time to close after it");
        assertFalse(loop.isRunning(), "the loop's thread ended");
        assertTrue(stubborn.isCancelled() && willing.isCancelled(), "every future completed");
        assertTrue(loop.failure().isEmpty(), "a clean close: " + loop.failure());
        assertEquals(2, python.context().eval("1 + 1").asInt(), "the context goes on, and the loop never held it");
    }

    @Test
    void aLoopThatNeverYieldsToCloseIsEndedByCancellingItsContext() throws Exception {
        io.github.asyncgraalpy.runtime.PythonContext own = TestRuntime.shared()
                .newContext(new java.io.ByteArrayOutputStream(), new java.io.ByteArrayOutputStream());
        Value spins = own.runScript(String.join("\n",
                "import asyncio",
                "async def spins():",
                "    try:",
                "        await asyncio.sleep(3600)",
                "    except asyncio.CancelledError:",
                "        while True:  # never yields again",
                "            pass"), "<spins>").getHashValue("spins");
        AsyncioLoopThread ownLoop = AsyncioLoopThread.start(own);
        CompletableFuture<Value> spinning = ownLoop.submit(own.call(spins));
        while (ownLoop.runningCount() < 1) {
            Thread.sleep(5);
        }
        long started = System.nanoTime();
        IllegalStateException cancelled = assertThrows(IllegalStateException.class,  // 2 s after the limit by default
                () -> ownLoop.close(java.time.Duration.ofMillis(200), java.time.Duration.ofMillis(300)));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis < 10_000, "close took " + tookMillis + " ms");
        assertEquals("the asyncio loop did not close within 500 ms: Python on its thread did not yield, so its context"
                + " was cancelled", cancelled.getMessage());
        assertFalse(ownLoop.isRunning(), "the loop's thread ended");
        assertTrue(spinning.isCancelled());
        own.close(); // does nothing now, and throws nothing
        // Cancelled: Truffle says so (PolyglotException) while the context closes, IllegalStateException once closed.
        assertThrows(RuntimeException.class, () -> own.context().eval("python", "1"), "the context is cancelled");
        ownLoop.close(); // idempotent
    }

    @Test
    void aCallsResultIsConvertedOnTheLoopsThreadEvenWhenTheFutureIsCompleteBeforeTheCallerChains() throws Exception {
        // The race the pool had: a task done before the submitting thread chained its conversion on the future had it
        // run on the submitting thread. Here the conversion is the library's, made on the loop's thread as the task
        // completes, so every future is complete (converted) before anyone chains on it; a conversion left to the caller
        // fails this at once. done_now's future is done as the loop takes the call and eight threads submit, to give a
        // conversion chained right after the submission the chance to lose that race, but the window is narrow: such a
        // chained conversion (submitCall's own thenApply) passed this test in a mutation run.
        Value doneNow = python.run(String.join("\n",
                "import asyncio",
                "def done_now(value):",
                "    future = asyncio.get_running_loop().create_future()",
                "    future.set_result(value)",
                "    return future"));
        Set<String> convertingThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.ExecutorService submitters = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<List<CompletableFuture<Integer>>>> batches = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = t * 50;
                batches.add(submitters.submit(() -> {
                    List<CompletableFuture<Integer>> futures = new ArrayList<>();
                    for (int i = first; i < first + 50; i++) {
                        futures.add(loop.submitCall(doneNow, "done_now", List.of(i), value -> {
                            convertingThreads.add(Thread.currentThread().getName());
                            return value.asInt();
                        }));
                    }
                    return futures;
                }));
            }
            int expected = 0;
            for (java.util.concurrent.Future<List<CompletableFuture<Integer>>> batch : batches) {
                for (CompletableFuture<Integer> future : batch.get(10, TimeUnit.SECONDS)) {
                    assertEquals(expected++, future.get(10, TimeUnit.SECONDS));
                }
            }
        } finally {
            submitters.shutdownNow();
        }
        assertEquals(Set.of("asyncio loop"), convertingThreads, "the loop's thread, named by AsyncioLoopThread.start");
        ExecutionException notConvertible = assertThrows(ExecutionException.class, () -> loop.submitCall(doneNow,
                "done_now", List.of(1), value -> { throw new ClassCastException("not a date"); }).get(10, TimeUnit.SECONDS));
        assertEquals("not a date", assertInstanceOf(ClassCastException.class, notConvertible.getCause()).getMessage());
    }

    private static Set<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
    }
}
