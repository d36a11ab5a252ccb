package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.PythonException;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Loops in several contexts: routing, isolation, a context that dies or hangs, draining and cancelling on close. */
@Timeout(180)
class AsyncioLoopPoolTest {

    private static final String SETUP = String.join("\n",
            "import asyncio, threading",
            "calls = 0",
            "async def count():",
            "    global calls",
            "    calls += 1",
            "    return calls",
            "async def later(value, seconds):",
            "    await asyncio.sleep(seconds)",
            "    return value",
            "async def fails():",
            "    raise KeyError('missing')",
            "gate = threading.Event()",
            "async def blocks_until_opened():",
            "    gate.wait(120)",
            "    return 'opened'",
            "def open_gate():",
            "    gate.set()",
            "async def never_yields():",
            "    while True:",
            "        pass",
            "async def ends_the_loop():",
            "    raise SystemExit(3)",
            "async def is_none(value):",
            "    return value is None",
            "async def holds_itself():",
            "    x = [1]",
            "    x.append({'again': x})",
            "    return x",
            "async def nested(depth):",
            "    x = []",
            "    for _ in range(depth):",
            "        x = [x]",
            "    return x",
            "async def shares():",
            "    x = [1]",
            "    return [x, x, {'a': x}, [1]]",
            "async def echo(value):",
            "    return value",
            "async def rebinds_the_bridge():",
            "    import asyncgraalpy, asyncgraalpy._events as events",
            "    events._start_submission = lambda *a: None",
            "    events._deliver = lambda *a: None",
            "    asyncgraalpy.run_loop_thread = lambda *a: None",
            "    return 'rebound'",
            "async def breaks_the_starter():",
            "    import asyncgraalpy._events as events",
            "    events._SubmittedAwaitable._apply = lambda *a: None",
            "    return 'broken'");

    private static AsyncioLoopPool.Builder pool() {
        return AsyncioLoopPool.builder(TestRuntime.shared()).contexts(2).setup(SETUP)
                .output(new ByteArrayOutputStream(), new ByteArrayOutputStream());
    }

    private static <T> T result(CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    /** Waits (up to 30 s) until the one context's loop runs {@code submitted}, or it ended. */
    private static void awaitRunning(AsyncioLoopPool pool, CompletableFuture<?> submitted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.statistics().get(0).running() == 0 && !submitted.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static Throwable failure(CompletableFuture<?> future) {
        ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(60, TimeUnit.SECONDS));
        return failed.getCause();
    }

    /** The statistics once {@code finished} submissions have been counted (a future completes before it is counted). */
    private static List<AsyncioLoopPool.LoopStatistics> settled(AsyncioLoopPool pool, long finished) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<AsyncioLoopPool.LoopStatistics> now = pool.statistics();
        while (now.stream().mapToLong(s -> s.completed() + s.failed()).sum() < finished && System.nanoTime() < deadline) {
            Thread.sleep(10);
            now = pool.statistics();
        }
        assertEquals(finished, now.stream().mapToLong(s -> s.completed() + s.failed()).sum(), now.toString());
        return now;
    }

    @Test
    void keyedWorkStaysInOneContextAndContextsShareNothing() throws Exception {
        try (AsyncioLoopPool pool = pool().build()) {
            assertEquals(2, pool.size());
            for (int i = 1; i <= 3; i++) {
                assertEquals(i, result(pool.submitKeyed(0, Integer.class, "count")));
            }
            assertEquals(1, result(pool.submitKeyed(1, Integer.class, "count")), "the other context has a counter of its own");
        }
    }

    @Test
    void theLeastLoadedContextGetsTheNextSubmissionAndStatisticsTellIt() throws Exception {
        try (AsyncioLoopPool pool = pool().build()) {
            CompletableFuture<String> slow = pool.submit(String.class, "later", "slow", 0.5);
            CompletableFuture<String> next = pool.submit(String.class, "later", "next", 0.0);
            assertEquals("next", result(next));
            assertTrue(!slow.isDone(), "the second submission waited for the first one's context");
            List<AsyncioLoopPool.LoopStatistics> busy = pool.statistics();
            assertEquals(1, busy.stream().mapToInt(s -> s.queued() + s.running()).sum(), busy.toString());
            assertEquals("slow", result(slow));
            assertTrue(failure(pool.submit(Object.class, "fails")) instanceof PythonException);
            List<AsyncioLoopPool.LoopStatistics> after = pool.statistics();
            assertEquals(2, after.stream().mapToLong(AsyncioLoopPool.LoopStatistics::completed).sum(), after.toString());
            assertEquals(1, after.stream().mapToLong(AsyncioLoopPool.LoopStatistics::failed).sum(), after.toString());
        }
    }

    @Test
    void anUnknownFunctionFailsWithNameError() throws Exception {
        try (AsyncioLoopPool pool = pool().contexts(1).build()) {
            PythonException error = assertInstanceOf(PythonException.class, failure(pool.submit(Object.class, "no_such_function")));
            assertEquals("NameError", error.pythonType());
            assertEquals(1, result(pool.submit(Integer.class, "count")), "the context goes on");
        }
    }

    @Test
    void aNullArgumentIsNoneAndTheFutureCompletes() throws Exception {
        try (AsyncioLoopPool pool = pool().build()) {
            assertEquals(Boolean.TRUE, result(pool.submit(Boolean.class, "is_none", (Object) null)));
            assertEquals(Boolean.TRUE, result(pool.submitKeyed(1, Boolean.class, "is_none", (Object) null)));
            assertEquals(Boolean.FALSE, result(pool.submit(Boolean.class, "is_none", 0)));
            NullPointerException noArray = assertThrows(NullPointerException.class,
                    () -> pool.submit(Boolean.class, "is_none", (Object[]) null));
            assertTrue(noArray.getMessage().contains("(Object) null"), noArray.getMessage());
            List<AsyncioLoopPool.LoopStatistics> after = settled(pool, 3);
            assertEquals(0, after.stream().mapToInt(s -> s.queued() + s.running()).sum(), after.toString());
        }
    }

    @Test
    void aResultThatContainsItselfOrNestsTooDeepFailsSayingSo() throws Exception {
        try (AsyncioLoopPool pool = pool().contexts(1).build()) {
            Throwable cyclic = failure(pool.submit(Object.class, "holds_itself"));
            assertInstanceOf(IllegalArgumentException.class, cyclic);
            assertTrue(cyclic.getMessage().contains("contains itself"), cyclic.getMessage());
            assertInstanceOf(IllegalArgumentException.class, failure(pool.submit(List.class, "holds_itself")));
            Throwable deep = failure(pool.submit(Object.class, "nested", 100_000));
            assertInstanceOf(IllegalArgumentException.class, deep);
            assertTrue(deep.getMessage().contains("deeper than " + AsyncioLoopPool.MAX_RESULT_DEPTH), deep.getMessage());
            Object fine = result(pool.submit(Object.class, "nested", AsyncioLoopPool.MAX_RESULT_DEPTH - 1));
            int depth = 0;
            for (Object inner = fine; !((List<?>) inner).isEmpty(); inner = ((List<?>) inner).get(0)) {
                depth++;
            }
            assertEquals(AsyncioLoopPool.MAX_RESULT_DEPTH - 1, depth);
            List<?> shared = (List<?>) result(pool.submit(Object.class, "shares"));
            assertTrue(shared.get(0) == shared.get(1) && shared.get(1) == ((java.util.Map<?, ?>) shared.get(2)).get("a"),
                    "a list shared in Python is one list in the copy: " + shared);
            assertTrue(shared.get(3) != shared.get(0) && shared.get(3).equals(shared.get(0)), "equal lists stay two: " + shared);
            assertEquals(1, result(pool.submit(Integer.class, "count")), "the context goes on");
        }
    }

    @Test
    void aSetupThatNeverEndsFailsBuildWithinTheSetupLimitAndLeavesNothingRunning() throws Exception {
        long before = loopPoolThreads();
        long started = System.nanoTime();
        IllegalStateException late = assertThrows(IllegalStateException.class,
                () -> pool().setup(SETUP + "\nwhile True:\n    pass\n").setupLimit(Duration.ofSeconds(2)).build());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(late.getMessage().contains("did not start within the setup limit of 2000 ms"), late.getMessage());
        assertTrue(millis < 15_000, "build() took " + millis + " ms");
        assertEquals(before, settledLoopPoolThreads(before), "a thread of the cancelled context is left");
    }

    static long loopPoolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("asyncio loop pool")).count();
    }

    /** The pool's threads once those ending have ended (up to 30 s). */
    static long settledLoopPoolThreads(long before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (loopPoolThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return loopPoolThreads();
    }

    @Test
    void aContextWhoseLoopMakesNoProgressIsReplacedAndWhatItNeverTookRunsInTheReplacement() throws Exception {
        try (AsyncioLoopPool pool = pool().contexts(1).responseLimit(Duration.ofSeconds(1)).build()) {
            CompletableFuture<Object> hung = pool.submit(Object.class, "never_yields");
            awaitRunning(pool, hung);
            CompletableFuture<Integer> queuedBehind = pool.submit(Integer.class, "count"); // in the inbox of a loop that never reads it
            Throwable why = failure(hung);
            assertInstanceOf(IllegalStateException.class, why);
            assertTrue(why.getMessage().contains("was replaced: its loop made no progress for 1000 ms"), why.getMessage());
            assertEquals(1, result(queuedBehind), "what the stuck loop never took ran once, in a fresh context");
            assertEquals(1, pool.statistics().get(0).replacements());
            assertEquals(2, result(pool.submit(Integer.class, "count")));
        }
    }

    /**
     * A loop stuck in one iteration is named for that, however late the watchdog saw its last iteration: the work
     * queued behind the stuck code waited as long, but "started none" is the reason for a loop that iterates or waits
     * and takes no work. Asked of the watchdog's rule directly, at chosen moments (the pool's own limit is far off).
     */
    @Test
    void aLoopStuckInOneIterationIsNotSaidToRefuseTheWorkQueuedBehindIt() throws Exception {
        try (AsyncioLoopPool pool = pool().contexts(1).responseLimit(Duration.ofMinutes(10)).build()) {
            CompletableFuture<Object> stuck = pool.submit(Object.class, "blocks_until_opened");
            awaitRunning(pool, stuck);
            CompletableFuture<Integer> queuedBehind = pool.submit(Integer.class, "count");
            PoolContext running = pool.liveContext(0);
            assertEquals(1, running.unstarted.get(), "the second submission waits behind the stuck one");
            Duration limit = Duration.ofSeconds(1);
            long seenLate = running.unstartedSince + TimeUnit.MILLISECONDS.toNanos(200); // a watchdog period late
            running.iterationsSeen = running.loop.selector().selects();
            running.iterationsMoved = seenLate;
            long afterTheQueuedLimit = running.unstartedSince + limit.toNanos() + TimeUnit.MILLISECONDS.toNanos(100);
            assertNull(PoolSupervisor.stalled(running, afterTheQueuedLimit, limit),
                    "not yet: the loop's own limit counts from its last iteration seen");
            String why = PoolSupervisor.stalled(running, seenLate + limit.toNanos() + 1, limit);
            assertTrue(why != null && why.startsWith("its loop made no progress"), why);
            assertFalse(queuedBehind.isDone());
            running.namespace.getHashValue("open_gate").execute(); // from this thread: the loop's waits in the Event
            assertEquals("opened", result(stuck));
            assertEquals(1, result(queuedBehind));
        }
    }

    /**
     * A burst of quick work is not a hung loop: the watchdog judges the loops by their progress, not by a question that
     * queues behind the burst. (The benchmark's group pool-burst measures bursts of 20,000 and 70,000.) 2,000 keep each
     * loop busy for several response limits in the tests' start-up mode (4,000 took 12 s of both cores), as long as
     * the property needs: a question queued behind them would wait past the limit.
     */
    @Test
    void aBurstOfQuickWorkWithAShortResponseLimitAllSucceeds() throws Exception {
        try (AsyncioLoopPool pool = pool().responseLimit(Duration.ofSeconds(1)).build()) {
            int count = 2_000;
            List<CompletableFuture<Integer>> burst = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                burst.add(i % 4 == 0 ? pool.submitKeyed(i, Integer.class, "echo", i) : pool.submit(Integer.class, "echo", i));
            }
            for (int i = 0; i < count; i++) {
                assertEquals(i, burst.get(i).get(120, TimeUnit.SECONDS));
            }
            List<AsyncioLoopPool.LoopStatistics> after = settled(pool, count);
            assertEquals(0, after.stream().mapToInt(AsyncioLoopPool.LoopStatistics::replacements).sum(), after.toString());
            assertEquals(0, after.stream().mapToLong(AsyncioLoopPool.LoopStatistics::failed).sum(), after.toString());
        }
    }

    /** Rebinding the bridge's names in Python reaches nothing Java relies on: Java holds what it got at install. */
    @Test
    void aScriptThatRebindsTheBridgesNamesDoesNotTakeTheContextOver() throws Exception {
        try (AsyncioLoopPool pool = pool().contexts(1).responseLimit(Duration.ofSeconds(1)).build()) {
            assertEquals("rebound", result(pool.submit(String.class, "rebinds_the_bridge")));
            for (int i = 0; i < 20; i++) {
                assertEquals(i, result(pool.submit(Integer.class, "echo", i)));
            }
            assertEquals(0, pool.statistics().get(0).replacements());
        }
        // A setup script runs before the loop starts: rebinding run_loop_thread does not change what starts it either.
        String rebinding = SETUP + "\nimport asyncgraalpy\nasyncgraalpy.run_loop_thread = lambda ready: None\n";
        try (AsyncioLoopPool pool = pool().contexts(1).setup(rebinding).build()) {
            assertEquals(7, result(pool.submit(Integer.class, "echo", 7)));
        }
    }

    /**
     * A script that breaks what starts submissions deeper than a name (a class's method) leaves a loop that iterates
     * and answers but starts nothing: it is replaced within the response limit, and its key goes on in the replacement.
     */
    @Test
    void aContextThatStartsNoSubmissionIsReplaced() throws Exception {
        try (AsyncioLoopPool pool = pool().contexts(1).responseLimit(Duration.ofSeconds(1)).build()) {
            assertEquals("broken", result(pool.submitKeyed(0, String.class, "breaks_the_starter")));
            long started = System.nanoTime();
            Throwable why = failure(pool.submitKeyed(0, Integer.class, "count"));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertInstanceOf(IllegalStateException.class, why);
            assertTrue(why.getMessage().contains("started none of the 1 submissions handed to it for 1000 ms"), why.getMessage());
            assertTrue(millis < 10_000, "replaced after " + millis + " ms");
            assertEquals(1, result(pool.submitKeyed(0, Integer.class, "count")), "a fresh context took its place");
            for (int i = 0; i < 20; i++) {
                assertEquals(i, result(pool.submit(Integer.class, "echo", i)));
            }
        }
    }

    @Test
    void aContextWhoseLoopDiesIsReplacedAndItsWorkFailsSayingSo() throws Exception {
        try (AsyncioLoopPool pool = pool().contexts(1).build()) {
            CompletableFuture<String> waiting = pool.submit(String.class, "later", "never", 30.0);
            Throwable why = failure(pool.submit(Object.class, "ends_the_loop"));
            assertInstanceOf(IllegalStateException.class, why);
            assertTrue(why.getMessage().contains("died"), why.getMessage());
            assertTrue(failure(waiting).getMessage().contains("died"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (pool.statistics().get(0).replacements() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, result(pool.submit(Integer.class, "count")), "a fresh context took its place");
        }
    }

    @Test
    void closeDrainsWhatIsQueuedAndRefusesMore() throws Exception {
        AsyncioLoopPool pool = pool().contexts(1).build(); // all six queued in one loop: a second context drains nothing more
        List<CompletableFuture<String>> queued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queued.add(pool.submit(String.class, "later", "done " + i, 0.1));
        }
        pool.close();
        for (int i = 0; i < 6; i++) {
            assertEquals("done " + i, queued.get(i).getNow("unfinished"));
        }
        assertThrows(IllegalStateException.class, () -> pool.submit(Integer.class, "count"));
    }

    @Test
    void closeNowCancelsWhatIsUnfinished() throws Exception {
        AsyncioLoopPool pool = pool().contexts(1).build();
        CompletableFuture<String> forever = pool.submit(String.class, "later", "never", 3600.0);
        pool.closeNow();
        assertTrue(forever.isCancelled());
        assertThrows(CancellationException.class, forever::join);
    }
}
