package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.coroutine.PyError;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import io.github.asyncgraalpy.runtime.Sandbox;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Java futures awaited in asyncio: completion on any thread, at any time, in any way; cancellation both ways. */
@Timeout(120)
class JavaFuturesTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** {@code await_all(futures)}: gathers the Java futures, answers results or exception descriptions. */
    private static final String AWAIT_ALL = String.join("\n",
            "import asyncio",
            "def describe(outcome):",
            "    if isinstance(outcome, BaseException):",
            "        return f'{type(outcome).__name__}: {outcome}'",
            "    return outcome",
            "def await_all(futures):",
            "    async def main():",
            "        return [describe(r) for r in await asyncio.gather(*futures, return_exceptions=True)]",
            "    return asyncio.run(main())");

    private static Value awaitAll(Object... futures) {
        return python.context().call(python.run(AWAIT_ALL, "await_all"), List.of(futures));
    }

    private static Thread completeLater(long millis, Runnable completion) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            completion.run();
        }, "completer");
        thread.start();
        return thread;
    }

    @Test
    void resultsCompletedOnJavaThreadsBeforeDuringAndAfterTheAwait() throws Exception {
        CompletableFuture<Object> before = CompletableFuture.completedFuture("before");
        CompletableFuture<Object> during = new CompletableFuture<>();
        Thread completer = completeLater(50, () -> during.complete("during"));
        Value results = awaitAll(before, during);
        completer.join();
        assertEquals("['before', 'during']", python.repr(results));
    }

    @Test
    void javaValuesCrossAsPythonValues() {
        Value results = python.context().call(python.run(AWAIT_ALL + "\n" + String.join("\n",
                "def check(futures):",
                "    text, number, nothing, items, mapping = await_all(futures)",
                "    return [type(text).__name__, number + 1, nothing is None, list(items) + [3], mapping['k']]"), "check"),
                List.of(CompletableFuture.completedFuture("text"), CompletableFuture.completedFuture(41),
                        CompletableFuture.completedFuture(null), CompletableFuture.completedFuture(List.of(1, 2)),
                        CompletableFuture.completedFuture(Map.of("k", "v"))));
        assertEquals("['str', 42, True, [1, 2, 3], 'v']", python.repr(results));
    }

    @Test
    void everyAsyncioEntryPointAcceptsAJavaFuture() {
        Value results = python.context().call(python.run(String.join("\n",
                "import asyncio, java",
                "JavaSleep = java.type('io.github.asyncgraalpy.testing.pythonfacing.DelayedValue')",
                "def run():",
                "    async def main():",
                "        trace = [await JavaSleep(0.01, 'await')]",
                "        trace.append(await asyncio.gather(JavaSleep(0.02, 'g1'), JavaSleep(0.01, 'g2')))",
                "        done, _ = await asyncio.wait([asyncio.ensure_future(JavaSleep(0.01, 'wait'))])",
                "        trace.append(done.pop().result())",
                "        trace.append(await asyncio.wait_for(JavaSleep(0.01, 'wait_for'), 5))",
                "        async with asyncio.timeout(5):",
                "            trace.append(await JavaSleep(0.01, 'timeout'))",
                "        trace.append(await asyncio.shield(JavaSleep(0.01, 'shield')))",
                "        trace.append([await f for f in asyncio.as_completed([JavaSleep(0.2, 'c2'), JavaSleep(0.01, 'c1')])])",
                "        async with asyncio.TaskGroup() as group:",
                "            grouped = group.create_task(asyncio.wait_for(JavaSleep(0.01, 'group'), 5))",
                "        trace.append(grouped.result())",
                "        trace.append(await asyncio.ensure_future(JavaSleep(0.01, 'ensure_future')))",
                "        return trace",
                "    return asyncio.run(main())"), "run"));
        assertEquals("['await', ['g1', 'g2'], 'wait', 'wait_for', 'timeout', 'shield', ['c1', 'c2'], 'group', 'ensure_future']",
                python.repr(results));
    }

    @Test
    void failuresRaiseInPythonWithTheJavaCauseKept() {
        Value results = awaitAll(
                CompletableFuture.failedFuture(new IllegalStateException("no connection")),
                CompletableFuture.failedFuture(new PyError("TimeoutError", "too slow")),
                CompletableFuture.supplyAsync(() -> {
                    throw new IllegalArgumentException("thrown in a stage");
                }),
                CompletableFuture.failedFuture(new CancellationException("gave up")));
        assertEquals(List.of("JavaError: java.lang.IllegalStateException: no connection", "TimeoutError: too slow",
                "JavaError: java.lang.IllegalArgumentException: thrown in a stage", "CancelledError: "),
                results.as(List.class));
    }

    @Test
    void cancellingTheAwaitingTaskCancelsTheJavaFuture() {
        CompletableFuture<Object> slow = new CompletableFuture<>();
        CompletableFuture<Object> inTask = new CompletableFuture<>();
        Value outcome = python.context().call(python.run(String.join("\n",
                "import asyncio",
                "def run(slow, in_task):",
                "    async def main():",
                "        try:",
                "            await asyncio.wait_for(slow, 0.05)",
                "        except TimeoutError:",
                "            pass",
                "        task = asyncio.ensure_future(in_task)",
                "        await asyncio.sleep(0.01)",
                "        task.cancel()",
                "        try:",
                "            await task",
                "        except asyncio.CancelledError:",
                "            return 'cancelled'",
                "    return asyncio.run(main())"), "run"), slow, inTask);
        assertEquals("cancelled", outcome.asString());
        assertTrue(slow.isCancelled(), "wait_for's timeout cancels the Java future");
        assertTrue(inTask.isCancelled(), "task.cancel() cancels the Java future");
    }

    @Test
    void aCompletionAfterTheLoopClosedIsDroppedWithoutTroublingTheCompletingThread() throws Exception {
        CompletableFuture<Object> late = new CompletableFuture<>();
        // wrap_future, not a task: asyncio.run's clean-up cancels tasks, and a cancelled Java future could never
        // complete late. This one is still pending when the loop closes.
        Value closedLoop = python.context().call(python.run(String.join("\n",
                "import asyncio, asyncgraalpy",
                "def run(late):",
                "    async def main():",
                "        asyncgraalpy.wrap_future(late)",
                "        await asyncio.sleep(0)",
                "        return asyncio.get_running_loop()",
                "    loop = asyncio.run(main())",
                "    return loop._selector._java"), "run"), late);
        JavaSelector selector = closedLoop.as(JavaSelector.class);
        assertTrue(selector.isClosed());
        assertFalse(late.isDone(), "still pending when the loop closed");

        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread completer = new Thread(() -> {
            try {
                late.complete("too late");
            } catch (Throwable t) {
                seen.set(t);
            }
        });
        completer.start();
        completer.join(10_000);
        assertEquals(null, seen.get());
        assertEquals(List.of(), selector.select(0), "the late outcome was dropped, not kept in the closed loop's inbox");
    }

    /** Completes a Java future from Python, in the middle of a Python step. */
    public static final class Completer {
        @HostAccess.Export
        public void complete(CompletableFuture<Object> future, Object value) {
            future.complete(value);
        }
    }

    @Test
    void anOutcomeArrivingForAFutureAlreadyCancelledInPythonIsDroppedQuietly() {
        CompletableFuture<Object> future = new CompletableFuture<>();
        Value report = python.context().call(python.run(String.join("\n",
                "import asyncio, asyncgraalpy",
                "def run(future, completer):",
                "    async def main():",
                "        loop = asyncio.get_running_loop()",
                "        problems = []",
                "        loop.set_exception_handler(lambda loop, context: problems.append(context['message']))",
                "        wrapped = asyncgraalpy.wrap_future(future)",
                "        completer.complete(future, 'first')   # its outcome is now in the loop's inbox",
                "        wrapped.cancel()                      # and Python gives up before the loop applies it",
                "        await asyncio.sleep(0)",
                "        await asyncio.sleep(0)",
                "        return [wrapped.cancelled(), problems]",
                "    return asyncio.run(main())"), "run"), future, new Completer());
        assertEquals("[True, []]", python.repr(report));
        assertEquals("first", future.getNow(null), "the Java future keeps its own first outcome");
    }

    @Test
    void anInterruptedCompletingThreadStillDelivers() throws Exception {
        CompletableFuture<Object> future = new CompletableFuture<>();
        Thread completer = completeLater(50, () -> {
            Thread.currentThread().interrupt();
            future.complete("delivered");
        });
        assertEquals(List.of("delivered"), awaitAll(future).as(List.class));
        completer.join();
    }

    /** Lets Python start the completing threads once its tasks exist. */
    public static final class Gate {
        private final CountDownLatch latch = new CountDownLatch(1);

        @HostAccess.Export
        public void open() {
            latch.countDown();
        }

        boolean awaitOpen() {
            try {
                return latch.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return false;
            }
        }
    }

    /**
     * Exactly-once delivery under contention: eight completing threads, a random order, a tenth cancelled from each
     * side. 4,000 futures give every thread a share of 500 interleaved with the loop's batches, which is the property
     * (100,000 took 69 s of the suite and proved nothing more); loads of 100,000 are the benchmark's {@code bridge}
     * group.
     */
    @Test
    void manyFuturesFromEightThreadsInRandomOrderEachDeliveredExactlyOnceWithATenthCancelledFromEachSide() throws Exception {
        int count = 4_000;
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(new CompletableFuture<>());
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(42));
        Gate go = new Gate();
        List<Thread> completers = new ArrayList<>();
        int threads = 8;
        for (int t = 0; t < threads; t++) {
            List<Integer> share = order.subList(t * count / threads, (t + 1) * count / threads);
            Thread completer = new Thread(() -> {
                if (!go.awaitOpen()) {
                    return;
                }
                for (int i : share) {
                    if (i % 10 == 3) {
                        futures.get(i).cancel(true);           // a tenth cancelled from Java
                    } else {
                        futures.get(i).complete(i);
                    }
                }
            }, "completer-" + t);
            completer.start();
            completers.add(completer);
        }
        Value summary = python.context().call(python.run(String.join("\n",
                "import asyncio",
                "def run(futures, go):",
                "    async def main():",
                "        tasks = [asyncio.ensure_future(f) for f in futures]",
                "        await asyncio.sleep(0)                 # every task starts awaiting its Java future",
                "        for i in range(7, len(tasks), 10):",
                "            tasks[i].cancel()                    # a tenth cancelled from Python",
                "        await asyncio.sleep(0)                 # their Java futures hear of it before the completers start",
                "        go.open()",
                "        results = await asyncio.gather(*tasks, return_exceptions=True)",
                "        values = [r for r in results if not isinstance(r, BaseException)]",
                "        cancelled = sum(1 for r in results if isinstance(r, asyncio.CancelledError))",
                "        wrong = [i for i, r in enumerate(results) if not isinstance(r, BaseException) and r != i]",
                "        return [len(values), cancelled, len(set(values)), wrong[:5]]",
                "    return asyncio.run(main())"), "run"), futures, go);
        for (Thread completer : completers) {
            completer.join(30_000);
        }
        assertEquals(List.of(count * 8 / 10, count * 2 / 10, count * 8 / 10, List.of()), summary.as(List.class).stream()
                .map(v -> v instanceof Number n ? n.intValue() : v).toList());
        long cancelledFromPython = 0;
        for (int i = 7; i < count; i += 10) {
            cancelledFromPython += futures.get(i).isCancelled() ? 1 : 0;
        }
        assertEquals(count / 10, cancelledFromPython, "Python's cancellations reached the Java futures");
    }

    /** {@code wrap_future}: Java futures as asyncio futures, so that gather takes them without a task each. */
    private static final String WRAP = String.join("\n",
            "import asyncio",
            "from asyncgraalpy import wrap_future",
            "def gathered(futures):",
            "    async def main():",
            "        wrapped = [wrap_future(f) for f in futures]",
            "        assert all(asyncio.isfuture(w) for w in wrapped), wrapped",
            "        assert wrap_future(wrapped[0]) is wrapped[0], 'an asyncio future comes back unchanged'",
            "        return await asyncio.gather(*wrapped)",
            "    return asyncio.run(main())",
            "def cancel_wrapped(future):",
            "    async def main():",
            "        wrapped = wrap_future(future)",
            "        wrapped.cancel()",
            "        await asyncio.sleep(0)",
            "        return wrapped.cancelled()",
            "    return asyncio.run(main())",
            "def wrap_not_a_future():",
            "    async def main():",
            "        try:",
            "            wrap_future('not a future')",
            "        except TypeError as e:",
            "            return str(e)",
            "    return asyncio.run(main())",
            "def wrap_outside_a_loop(future):",
            "    try:",
            "        wrap_future(future)",
            "    except RuntimeError as e:",
            "        return str(e)");

    @Test
    void wrappedJavaFuturesAreAsyncioFuturesThatGatherTakesAsTheyAre() throws Exception {
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(new CompletableFuture<>());
        }
        Thread completer = completeLater(20, () -> {
            for (int i = futures.size() - 1; i >= 0; i--) {
                futures.get(i).complete(i);
            }
        });
        Value results = python.context().call(python.run(WRAP, "gathered"), futures);
        completer.join();
        assertEquals(100, results.getArraySize());
        assertEquals(99, results.getArrayElement(99).asInt(), "gather keeps the order of its arguments");
    }

    @Test
    void cancellingTheWrappedFutureCancelsTheJavaOne() {
        CompletableFuture<Object> future = new CompletableFuture<>();
        assertTrue(python.context().call(python.run(WRAP, "cancel_wrapped"), future).asBoolean());
        assertTrue(future.isCancelled());
    }

    @Test
    void wrapFuturesWatchesAJavaListInOneCallWithOutcomesAndCancellationEachTheirOwn() throws Exception {
        List<CompletableFuture<Object>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(new CompletableFuture<>());
        }
        CompletableFuture<Object> cancelledInJava = futures.get(10);
        CompletableFuture<Object> cancelledInPython = futures.get(20);
        Thread completer = completeLater(20, () -> {
            for (int i = 0; i < futures.size(); i++) {
                if (i == 10) {
                    futures.get(i).cancel(false);
                } else if (i == 30) {
                    futures.get(i).completeExceptionally(new IllegalStateException("number 30"));
                } else if (i != 20) {
                    futures.get(i).complete(i);
                }
            }
        });
        Value results = python.context().call(python.run(String.join("\n",
                "import asyncio, asyncgraalpy",
                "def wrap_all(stages):",
                "    async def main():",
                "        wrapped = asyncgraalpy.wrap_futures(stages)",
                "        wrapped[20].cancel()",
                "        outcomes = await asyncio.gather(*wrapped, return_exceptions=True)",
                "        return [o if isinstance(o, int) else type(o).__name__ + ': ' + str(o) for o in outcomes]",
                "    return asyncio.run(main())"), "wrap_all"), futures);
        completer.join();
        assertEquals(50, results.getArraySize());
        assertEquals(49, results.getArrayElement(49).asInt());
        assertEquals("CancelledError: ", results.getArrayElement(10).asString());
        assertEquals("CancelledError: ", results.getArrayElement(20).asString());
        assertEquals("JavaError: java.lang.IllegalStateException: number 30", results.getArrayElement(30).asString());
        assertTrue(cancelledInPython.isCancelled(), "cancelling an asyncio future cancels its Java future");
        assertTrue(cancelledInJava.isCancelled());
    }

    /** A Java future whose {@code cancel} throws: the asyncio future is cancelled all the same, and the loop hears why. */
    @Test
    void aJavaFutureThatRefusesToCancelLeavesTheAsyncioFutureCancelledAndIsReported() {
        CompletableFuture<Object> refusing = new CompletableFuture<>() {
            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                throw new IllegalStateException("not now");
            }
        };
        Value outcome = python.context().call(python.run(String.join("\n",
                "import asyncio, asyncgraalpy",
                "def cancel_refusing(stage):",
                "    async def main():",
                "        reported = []",
                "        asyncio.get_running_loop().set_exception_handler(",
                "            lambda loop, context: reported.append(context['message'] + ': ' + str(context['exception'])))",
                "        single, = asyncgraalpy.wrap_futures([stage])",
                "        returned = single.cancel()",
                "        return returned, single.cancelled(), reported",
                "    return asyncio.run(main())"), "cancel_refusing"), refusing);
        assertEquals("(True, True, ['cancelling a Java future failed: java.lang.IllegalStateException: not now'])",
                python.repr(outcome));
        assertFalse(refusing.isDone());
    }

    @Test
    void wrapFuturesTakesAnyIterableAndRefusesWhatIsNoStage() {
        Value results = python.context().call(python.run(String.join("\n",
                "import asyncio, asyncgraalpy",
                "def wrap_iterables(a, b):",
                "    async def main():",
                "        from_generator = await asyncio.gather(*asyncgraalpy.wrap_futures(s for s in (a, b)))",
                "        try:",
                "            asyncgraalpy.wrap_futures([a, 'not a stage'])",
                "        except BaseException as e:",
                "            refused = f'{type(e).__name__}: {e}'",
                "        return from_generator, refused",
                "    return asyncio.run(main())"), "wrap_iterables"),
                CompletableFuture.completedFuture("a"), CompletableFuture.completedFuture("b"));
        assertEquals("(['a', 'b'], 'TypeError: a java.util.concurrent.CompletionStage is required, got str at index 1')",
                python.repr(results));
    }

    @Test
    void wrapFutureNamesWhatItNeeds() {
        assertEquals("a java.util.concurrent.CompletionStage is required, got str",
                python.context().call(python.run(WRAP, "wrap_not_a_future")).asString());
        assertEquals("no running event loop",
                python.context().call(python.run(WRAP, "wrap_outside_a_loop"), new CompletableFuture<>()).asString());
    }

    /**
     * An asyncio loop that is not asyncgraalpy's: a plain SelectorEventLoop whose selector waits on a condition and
     * whose self-pipe is that condition (the sandbox has no sockets for a real one). call_soon_threadsafe wakes it.
     */
    private static final String FOREIGN_LOOP = String.join("\n",
            "import asyncio, selectors, threading, asyncgraalpy",
            "class WaitSelector(selectors.BaseSelector):",
            "    def __init__(self):",
            "        self._woken = threading.Condition()",
            "        self._wake = False",
            "    def register(self, fileobj, events, data=None): raise NotImplementedError",
            "    def unregister(self, fileobj): raise KeyError(fileobj)",
            "    def get_map(self): return {}",
            "    def select(self, timeout=None):",
            "        with self._woken:",
            "            if not self._wake:",
            "                self._woken.wait(timeout)",
            "            self._wake = False",
            "        return []",
            "    def wake(self):",
            "        with self._woken:",
            "            self._wake = True",
            "            self._woken.notify()",
            "class ForeignLoop(asyncio.SelectorEventLoop):",
            "    def _make_self_pipe(self): pass",
            "    def _close_self_pipe(self): pass",
            "    def _write_to_self(self): self._selector.wake()",
            "def await_on_a_foreign_loop(stage, cancelled):",
            "    loop = ForeignLoop(WaitSelector())",
            "    async def main():",
            "        result = await asyncgraalpy.wrap_future(stage)",
            "        waiting = asyncgraalpy.wrap_future(cancelled)",
            "        waiting.cancel()",
            "        return [type(asyncio.get_running_loop()).__name__, result]",
            "    try:",
            "        return loop.run_until_complete(main())",
            "    finally:",
            "        loop.close()");

    @Test
    void withPythonThreadsGrantedWrapFutureWorksOnAnyAsyncioLoopThroughCallSoonThreadsafe() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        CompletableFuture<String> cancelledFromPython = new CompletableFuture<>();
        try (PythonContext granted = TestRuntime.shared().newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream(),
                Set.of(Sandbox.Grant.PYTHON_THREADS))) {
            Thread completer = completeLater(50, () -> later.complete("from a Java thread"));
            Value outcome = granted.call(granted.runScript(FOREIGN_LOOP, "foreign_loop.py").getHashValue("await_on_a_foreign_loop"),
                    later, cancelledFromPython);
            completer.join(10_000);
            assertEquals("['ForeignLoop', 'from a Java thread']", granted.repr(outcome));
            assertTrue(cancelledFromPython.isCancelled(), "cancelling the asyncio future cancels the Java one on this loop too");
        }
    }

    /**
     * Delivering to another loop runs Python on the Java thread that completes the future (the loop's
     * call_soon_threadsafe, which the script chose): a Python thread in all but name, refused in the default sandbox
     * by wrap_future and, below it, by the Java half that a script can reach directly.
     */
    @Test
    void withoutTheGrantAnotherLoopIsRefusedAtBothLayers() {
        PythonException refused = assertThrows(PythonException.class, () -> python.context().call(
                python.run(FOREIGN_LOOP, "await_on_a_foreign_loop"), new CompletableFuture<>(), new CompletableFuture<>()));
        assertEquals("RuntimeError", refused.pythonType());
        assertTrue(refused.pythonMessage().endsWith("running Python: that needs Sandbox.Grant.PYTHON_THREADS"), refused.pythonMessage());
        List<String> direct = python.raised(String.join("\n",
                "import asyncgraalpy, java",
                "asyncgraalpy._futures._java_futures.watchThreadsafe(java.type('java.util.concurrent.CompletionStage'), None, print)"),
                "Exception");
        assertTrue(direct.get(1).endsWith("running Python: that needs Sandbox.Grant.PYTHON_THREADS"), direct.toString());
    }
}
