package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.OwnedResources;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attacks on blocking calls ({@code run_in_executor(None, ...)}, {@code asyncio.to_thread}), contextvars submissions
 * and {@link AsyncioLoopPool}, from a review. Each test asserts the exact outcome the library guarantees (CPython's,
 * where CPython has one); each guards a fault that review found and that is fixed.
 */
@Timeout(180)
public class BlockingCallAttacksTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** A Java object a blocking call reports through: ticks, a stop flag, a wait that ignores interrupts. */
    public static final class Ticker {
        final AtomicLong ticks = new AtomicLong();
        final CountDownLatch entered = new CountDownLatch(1);
        volatile boolean stopped;

        @HostAccess.Export
        public void tick() {
            entered.countDown();
            ticks.incrementAndGet();
        }

        @HostAccess.Export
        public boolean stopped() {
            return stopped;
        }

        /** Holds the calling thread up to {@code millis}, ignoring interrupts (a JDBC call, a lock, a native wait). */
        @HostAccess.Export
        public String hold(long millis) {
            entered.countDown();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!stopped && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            return "held";
        }
    }

    private static void say(String line) {
        System.out.println("ATTACK: " + line);
    }

    private static Value run(PythonContext context, String main, Object... args) {
        return BlockingCallsTest.run(context, main, args);
    }

    private static PythonContext freshContext() {
        return TestRuntime.shared().newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Thread quota

    /** Every loop of a context shares one executor: forty loops all get their calls run, within the thread quota. */
    @Test
    void manyLoopsShareTheContextsExecutorWithinItsThreadQuota() {
        Value result = python.run(String.join("\n",
                "import asyncio",
                "loops = []",
                "caught = None",
                "try:",
                "    for i in range(40):",
                "        loop = asyncio.new_event_loop()",
                "        loops.append(loop)",
                "        loop.run_until_complete(loop.run_in_executor(None, int, '1'))",
                "except Exception as error:",
                "    caught = [type(error).__name__, str(error)[:160], len(loops)]",
                "for loop in loops:",
                "    loop.close()",
                "after = asyncio.run(asyncio.to_thread(int, '7'))"));
        assertTrue(result.getHashValue("caught").isNull(), python.repr(result.getHashValue("caught")));
        assertEquals(7, result.getHashValue("after").asInt());
        assertTrue(python.context().owned().threads() <= OwnedResources.MAX_THREADS);
    }

    /**
     * {@code _blocking._factory} is reachable from any script: forty {@code forLoop()} executors made and dropped must
     * neither fail (an executor takes threads of the context's quota only as its calls start them) nor leave the next
     * script without blocking calls.
     */
    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void droppedExecutorsDoNotKeepTheContextsThreadQuota() {
        PythonContext context = freshContext();
        try {
            Value first = context.runScript(String.join("\n",
                    "import asyncio, gc",
                    "from asyncgraalpy import _blocking",
                    "made = []",
                    "caught = None",
                    "try:",
                    "    for i in range(40):",
                    "        made.append(_blocking._factory.forLoop())",
                    "except Exception as error:",
                    "    caught = [type(error).__name__, len(made)]",
                    "del made",
                    "gc.collect()"), "<leak>");
            say("forLoop leak: " + context.repr(first.getHashValue("caught")));
            assertEquals("None", context.repr(first.getHashValue("caught")), "making forty executors failed");
            Value second = context.runScript(String.join("\n",
                    "import asyncio",
                    "try:",
                    "    after = asyncio.run(asyncio.to_thread(int, '7'))",
                    "except Exception as error:",
                    "    after = [type(error).__name__, str(error)[:200]]"), "<next script>");
            say("next script's to_thread: " + context.repr(second.getHashValue("after")));
            assertEquals("7", context.repr(second.getHashValue("after")), "the next script lost blocking calls");
        } finally {
            context.cancelQuietly();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What the blocking call is and what it raises

    /**
     * As in CPython, {@code await loop.run_in_executor(None, 5)} raises TypeError ('int' object is not callable): the
     * host's refusal to execute a non-callable fails the asyncio future instead of leaving it pending for ever.
     */
    @Test
    void aNonCallableFailsItsFutureInsteadOfHangingIt() {
        Value result = run(python.context(), String.join("\n",
                "async def main():",
                "    loop = asyncio.get_running_loop()",
                "    out = []",
                "    for bad in (5, None):",
                "        try:",
                "            await asyncio.wait_for(loop.run_in_executor(None, bad), 3)",
                "            out.append('no error')",
                "        except TimeoutError:",
                "            out.append('hung')",
                "        except Exception as error:",
                "            out.append(type(error).__name__)",
                "    return out"));
        say("non-callable: " + python.repr(result));
        assertEquals("['TypeError', 'TypeError']", python.repr(result));
    }

    @Test
    void baseExceptionsOfTheCallReachTheAwaiterAndTheLoopGoesOn() {
        Value result = run(python.context(), String.join("\n",
                "class Custom(BaseException):",
                "    pass",
                "def raiser(kind):",
                "    def f():",
                "        raise kind('x')",
                "    return f",
                "async def main():",
                "    out = []",
                "    for kind in (SystemExit, KeyboardInterrupt, GeneratorExit, StopIteration, Custom):",
                "        try:",
                "            await asyncio.wait_for(asyncio.to_thread(raiser(kind)), 5)",
                "            out.append('nothing')",
                "        except TimeoutError:",
                "            out.append('hung')",
                "        except BaseException as error:",
                "            out.append(type(error).__name__)",
                "    out.append(await asyncio.to_thread(int, '9'))",
                "    return out"));
        say("base exceptions: " + python.repr(result));
        // StopIteration cannot be raised into a future: Python 3.12's Future.set_exception makes it a RuntimeError.
        assertEquals("['SystemExit', 'KeyboardInterrupt', 'GeneratorExit', 'RuntimeError', 'Custom', 9]", python.repr(result));
    }

    @Test
    void sysExitInABlockingCallDoesNotEndTheContext() {
        List<String> raised = python.raised(String.join("\n",
                "import asyncio, sys",
                "asyncio.run(asyncio.to_thread(sys.exit, 4))"), "SystemExit");
        say("sys.exit in to_thread: " + raised);
        assertEquals("SystemExit", raised.get(0));
        assertEquals(5, python.run("import asyncio\nx = asyncio.run(asyncio.to_thread(int, '5'))", "x").asInt());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Internals a script can reach

    @Test
    void theJavaObjectsBehindBlockingCallsOfferNothingMore() {
        Value result = run(python.context(), String.join("\n",
                "async def main():",
                "    loop = asyncio.get_running_loop()",
                "    await loop.run_in_executor(None, int, '1')",
                "    calls = loop._blocking_calls",
                "    out = []",
                "    fut = loop.create_future()",
                "    from asyncgraalpy import _futures",
                "    call = calls.start(lambda: 'direct', fut, _futures._completions(loop))",
                "    out.append(await fut)",
                "    for attack in (lambda: call.run(), lambda: calls.executor, lambda: calls.started.shutdownNow(),",
                "                   lambda: call.getClass(), lambda: calls.ownership.release()):",
                "        try:",
                "            attack()",
                "            out.append('allowed')",
                "        except Exception as error:",
                "            out.append(type(error).__name__)",
                "    # a non-future where the future goes: reported, the loop survives",
                "    calls.start(lambda: 1, 12345, _futures._completions(loop))",
                "    await asyncio.sleep(0.2)",
                "    await loop.shutdown_default_executor()",
                "    await loop.shutdown_default_executor()",
                "    try:",
                "        loop.run_in_executor(None, int, '1')",
                "    except RuntimeError as error:",
                "        out.append(str(error))",
                "    return out"));
        say("internals: " + python.repr(result));
        assertEquals("['direct', 'AttributeError', 'AttributeError', 'AttributeError', 'AttributeError', 'AttributeError', "
                + "'Executor shutdown has been called']", python.repr(result));
    }

    /**
     * A default executor the script sets (3.12 accepts only ThreadPoolExecutors; one that runs inline needs no thread):
     * asyncio.run ends normally once main returned. CPython's shutdown_default_executor joins such an executor on a
     * threading.Thread, which the sandbox denies; the library joins it without one.
     */
    @Test
    void aDefaultExecutorTheScriptSetsDoesNotBreakAsyncioRun() {
        List<String> raised = python.raised(String.join("\n",
                "import asyncio, concurrent.futures",
                "class Inline(concurrent.futures.ThreadPoolExecutor):",
                "    def submit(self, fn, /, *args, **kwargs):",
                "        future = concurrent.futures.Future()",
                "        future.set_result(fn(*args, **kwargs))",
                "        return future",
                "async def main():",
                "    loop = asyncio.get_running_loop()",
                "    await asyncio.to_thread(int, '1')",
                "    loop.set_default_executor(Inline())",
                "    return await loop.run_in_executor(None, int, '5')",
                "assert asyncio.run(main()) == 5"), "Exception");
        say("inline default executor: " + raised);
        assertEquals(List.of(), raised);
    }

    /** An interruptible Java wait in a blocking call: cancelling the context should interrupt it, not wait it out. */
    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void cancellingTheContextInterruptsABlockingCallWaitingInJava() throws Exception {
        PythonContext context = freshContext();
        Gate gate = new Gate();
        try {
            Value first = context.runScript(String.join("\n",
                    "import asyncio",
                    "def start(gate):",
                    "    loop = asyncio.new_event_loop()",
                    "    loop.run_in_executor(None, gate.waitToPass)",
                    "    loop.close()"), "<first script>");
            context.call(first.getHashValue("start"), gate);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!gate.isEntered() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(gate.isEntered(), "the blocking call never entered its Java wait");
            long started = System.nanoTime();
            context.cancel();
            long millis = (System.nanoTime() - started) / 1_000_000;
            String ending = gate.awaitEnding();
            say("PythonContext.cancel() with a call in an interruptible Java wait took " + millis + " ms; the wait ended: "
                    + ending);
            // Waiting out the call would take the gate's 10 s; a busy machine may take a few seconds to cancel.
            assertTrue(millis < 8000, "cancel waited out the Java call: " + millis + " ms");
            assertEquals("interrupted", ending, "the Java wait was not interrupted");
        } finally {
            gate.open();
            context.cancelQuietly();
        }
    }

    /** Lets a test make the pool's setup fail from some point on (a replacement's setup, not the first ones'). */
    public static final class SetupSwitch {
        static volatile boolean allowed = true;
        /** The setups refused so far: each is a rebuild that failed, so a test can wait for them instead of a time. */
        static final AtomicInteger refused = new AtomicInteger();

        @HostAccess.Export
        public static boolean allowed() {
            if (!allowed) {
                refused.incrementAndGet();
            }
            return allowed;
        }
    }

    /** A Java call a pool's setup script makes that holds its thread, ignoring interrupts, until released. */
    public static final class SetupHold {
        static volatile boolean released;

        @HostAccess.Export
        public static void hold(long millis) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!released && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    /** Holds a pool's setup (in Python, so cancelling the context ends the wait) while closed: a rebuild that waits. */
    public static final class SetupGate {
        static volatile boolean open = true;

        @HostAccess.Export
        public static boolean open() {
            return open;
        }
    }

    /** A setup script held in a Java call: build() fails within the setup limit, not when the call returns. */
    @Test
    @Timeout(value = 150, threadMode = ThreadMode.SEPARATE_THREAD)
    void aSetupHeldInJavaFailsBuildWithinTheSetupLimit() throws Exception {
        long before = loopPoolThreads();
        SetupHold.released = false;
        String setup = POOL_SETUP + "\nimport java\njava.type('io.github.asyncgraalpy.bridge.BlockingCallAttacksTest$SetupHold')"
                + ".hold(60000)\n";
        long started = System.nanoTime();
        try {
            IllegalStateException late = assertThrows(IllegalStateException.class,
                    () -> pool(setup).setupLimit(Duration.ofSeconds(2)).build());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            say("setup held in Java: build() failed after " + millis + " ms: " + late.getMessage());
            assertTrue(late.getMessage().contains("setup limit of 2000 ms"), late.getMessage());
            assertTrue(millis < 15_000, "build() waited for the Java call: " + millis + " ms");
        } finally {
            SetupHold.released = true;
        }
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (loopPoolThreads() > before && System.nanoTime() < settle) {
            Thread.sleep(20);
        }
        assertEquals(before, loopPoolThreads(), "the held context was not cancelled once its call returned");
    }

    /**
     * A replacement whose setup fails leaves its slot without a context between the watchdog's retries: statistics()
     * and closeNow() still answer (neither throws), and closeNow reaches every slot, so no context's loop thread
     * outlives it.
     */
    @Test
    @Timeout(value = 150, threadMode = ThreadMode.SEPARATE_THREAD)
    void aFailedRebuildBreaksNeitherStatisticsNorClose() throws Exception {
        long before = loopPoolThreads();
        SetupSwitch.allowed = true;
        String setup = "import java\nif not java.type('io.github.asyncgraalpy.bridge.BlockingCallAttacksTest$SetupSwitch')"
                + ".allowed():\n    raise RuntimeError('setup refused')\n" + POOL_SETUP;
        AsyncioLoopPool pool = pool(setup).contexts(2).responseLimit(Duration.ofMillis(400)).build();
        RuntimeException statisticsThrew = null;
        RuntimeException closeThrew = null;
        try {
            SetupSwitch.refused.set(0);
            SetupSwitch.allowed = false;
            pool.submitKeyed(0, Object.class, "never_yields");
            // Until the second rebuild's setup is refused: statistics() asked all through the gap after the first
            // failed rebuild, closeNow() while rebuilds keep failing. (A fixed 3 s built about five contexts for it.)
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int calls = 0;
            while (SetupSwitch.refused.get() < 2 && System.nanoTime() < end) {
                calls++;
                try {
                    pool.statistics();
                } catch (RuntimeException thrown) {
                    statisticsThrew = thrown;
                    try {
                        pool.closeNow(); // while the slot's future is still failed
                    } catch (RuntimeException alsoThrown) {
                        closeThrew = alsoThrown;
                    }
                    break;
                }
                Thread.sleep(1);
            }
            if (statisticsThrew == null) {
                try {
                    pool.closeNow(); // while rebuilds keep failing
                } catch (RuntimeException thrown) {
                    closeThrew = thrown;
                }
            }
            say("statistics() during failed rebuilds, after " + calls + " calls: " + statisticsThrew);
            say("closeNow() then: " + (closeThrew == null ? "returned" : closeThrew.toString()) + "; loop threads "
                    + loopPoolThreads() + " (before: " + before + ")");
        } finally {
            SetupSwitch.allowed = true;
        }
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (loopPoolThreads() > before && System.nanoTime() < settle) {
            Thread.sleep(50);
        }
        long left = loopPoolThreads();
        say("loop threads 20 s later: " + left);
        try {
            pool.closeNow();
        } catch (RuntimeException e) {
            say("a second closeNow(): " + e);
        }
        assertEquals(null, statisticsThrew, "statistics() threw");
        assertEquals(null, closeThrew, "closeNow() threw");
        assertEquals(before, left, "a context's loop thread outlived closeNow()");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Cancellation and interrupts

    /** A cancel that interrupts the first call's thread must not reach the next call on the same (single) host thread. */
    @Test
    void anInterruptForACancelledCallNeverReachesTheNextCallOnThatThread() throws Exception {
        ExecutorService host = Executors.newSingleThreadExecutor(task -> new Thread(task, "host single worker"));
        try (GraalPyRuntime runtime = GraalPyRuntime.builder().blockingCallExecutor(host).build();
                PythonContext context = runtime.newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream())) {
            for (int round = 0; round < 4; round++) {
                Gate first = new Gate();
                Gate second = new Gate();
                second.open();
                Value result = run(context, String.join("\n",
                        "def busy_then_wait(gate, n):",
                        "    x = 0",
                        "    for i in range(n):",
                        "        x += i",
                        "    return gate.waitToPass() if gate is not None else x",
                        "async def main(first, second, round):",
                        "    loop = asyncio.get_running_loop()",
                        "    if round == 0:",
                        "        a = loop.run_in_executor(None, first.waitToPass)",      // cancelled in a Java wait
                        "    elif round == 3:",
                        "        a = loop.run_in_executor(None, busy_then_wait, None, 3000000)", // in Python to its end
                        "    else:",
                        "        a = loop.run_in_executor(None, busy_then_wait, first, 200000 * round)", // in Python
                        "    while round == 0 and not first.isEntered():",
                        "        await asyncio.sleep(0.002)",
                        "    await asyncio.sleep(0.01 * min(round, 2))",
                        "    b = loop.run_in_executor(None, second.waitToPass)",
                        "    a.cancel()",
                        "    first.open()",
                        "    return await b"), first, second, round);
                say("round " + round + ": next call on the interrupted thread: " + result.asString());
                assertEquals("opened", result.asString(), "round " + round);
            }
        } finally {
            host.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Lifetime: a call that does not end

    /**
     * A blocking call that never ends outlives its loop's close(), as in CPython (whose close shuts the executor down
     * without waiting): it goes on running while the next script runs. It does not outlive its context:
     * PythonContext.close() is not refused because the call's thread still executes (the thread is the context's
     * own), it cancels the context, and the call stops.
     */
    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void aCallThatNeverEndsOutlivesItsLoopAsInCPythonButNeitherItsContextNorItsClose() throws Exception {
        PythonContext context = freshContext();
        Ticker ticker = new Ticker();
        try {
            Value first = context.runScript(String.join("\n",
                    "import asyncio, builtins",
                    "def forever(ticker):",
                    "    while not ticker.stopped():",
                    "        builtins.leaked = getattr(builtins, 'leaked', 0) + 1",
                    "        ticker.tick()",
                    "def start(ticker):",
                    "    loop = asyncio.new_event_loop()",
                    "    loop.run_in_executor(None, forever, ticker)",
                    "    loop.close()"), "<first script>");
            context.call(first.getHashValue("start"), ticker);
            assertTrue(ticker.entered.await(10, TimeUnit.SECONDS));
            Value second = context.runScript(String.join("\n",
                    "import builtins, time",
                    "a = builtins.leaked",
                    "deadline = time.monotonic() + 30  # until the call goes on: a fixed 0.3 s left it to the scheduler",
                    "while builtins.leaked == a and time.monotonic() < deadline:",
                    "    time.sleep(0.01)",
                    "b = builtins.leaked"), "<second script>");
            long a = second.getHashValue("a").asLong();
            long b = second.getHashValue("b").asLong();
            say("after its loop closed and its script ended, the call went on in the next script: " + a + " -> " + b);
            assertTrue(a >= 1 && b > a, "the call did not go on after its loop closed (as CPython's does): " + a + " -> " + b);
            long started = System.nanoTime();
            try {
                context.close();
                say("PythonContext.close() succeeded in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            } catch (RuntimeException refused) {
                say("PythonContext.close() refused: " + refused);
                fail("PythonContext.close() refused while a blocking call runs: " + refused);
            }
            long ticks = ticker.ticks.get();
            Thread.sleep(300);
            assertEquals(ticks, ticker.ticks.get(), "the call still runs after the context closed");
        } finally {
            ticker.stopped = true;
            context.cancelQuietly();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Virtual threads: CPU-bound Python on the JVM's shared carrier threads

    /**
     * Blocking calls run on platform threads, one executor per context: virtual threads are never preempted, and a
     * call that computes in Python would keep one of the JVM's availableProcessors carrier threads, shared by every
     * virtual thread of the process. One spinning call per context (each has its own GIL), as many as cores, and an
     * unrelated virtual thread of the host still runs at once.
     */
    @Test
    @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
    void cpuBoundCallsInSeveralContextsDoNotStarveTheHostsVirtualThreads() throws Exception {
        ExecutorService virtualThreads;
        try {
            virtualThreads = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException noLoom) {
            Assumptions.abort("no virtual threads on this JDK");
            return;
        }
        int carriers = Runtime.getRuntime().availableProcessors();
        List<PythonContext> contexts = new java.util.ArrayList<>();
        List<Thread> runners = new java.util.ArrayList<>();
        List<Ticker> tickers = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < carriers; i++) {
                contexts.add(i == 0 ? python.context() : freshContext());
            }
            for (PythonContext context : contexts) {
                Ticker ticker = new Ticker();
                tickers.add(ticker);
                Value namespace = context.runScript(String.join("\n",
                        "import asyncio, time",
                        "def compute(ticker):",
                        "    ticker.tick()",
                        "    end = time.monotonic() + 60  # until stopped: starved carriers would stay starved",
                        "    x = 0",
                        "    while time.monotonic() < end and not ticker.stopped():",
                        "        x += 1",
                        "    return x",
                        "def run(ticker):",
                        "    return asyncio.run(asyncio.to_thread(compute, ticker))"), "<cpu bound>");
                Thread runner = new Thread(() -> context.call(namespace.getHashValue("run"), ticker));
                runner.start();
                runners.add(runner);
            }
            for (Ticker ticker : tickers) {
                assertTrue(ticker.entered.await(20, TimeUnit.SECONDS));
            }
            Thread.sleep(100);
            long started = System.nanoTime();
            CountDownLatch ran = new CountDownLatch(1);
            virtualThreads.execute(ran::countDown);
            // Calls on virtual threads would hold every carrier until they end (60 s): the virtual thread would not run
            // while they spin. A bound of 1 s on its start could fail a busy machine; the spin itself is the bound now.
            boolean inTime = ran.await(20, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            say(carriers + " CPU-bound blocking calls: an unrelated virtual thread of the host waited " + millis + " ms to run");
            assertTrue(inTime, "the host's virtual threads starved for " + millis + " ms while the calls spun");
        } finally {
            tickers.forEach(t -> t.stopped = true);
            for (Thread runner : runners) {
                runner.join(20_000);
            }
            for (int i = 1; i < contexts.size(); i++) {
                contexts.get(i).cancelQuietly();
            }
            virtualThreads.shutdown();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // contextvars.Context given by Java

    @Test
    void aHostileContextArgumentFailsTheSubmissionAndNeverHangsIt() throws Exception {
        Value namespace = python.run(String.join("\n",
                "import asyncio, contextvars",
                "async def work():",
                "    return 'ran'"));
        PythonContext other = freshContext();
        try (AsyncioLoopThread loop = AsyncioLoopThread.start(python.context())) {
            Value otherContextVars = other.eval("__import__('contextvars').copy_context()");
            Value otherCoroutine = other.runScript("async def w():\n    return 1\nc = w()", "<other>").getHashValue("c");
            Object[][] cases = {
                    {"a Python int", python.context().eval("42")},
                    {"a Java object", python.context().context().asValue(new Ticker())},
                    {"a Context of another PythonContext", otherContextVars},
            };
            for (Object[] c : cases) {
                Value coroutine = python.context().call(namespace.getHashValue("work"));
                CompletableFuture<Value> future = loop.submit(coroutine, (Value) c[1]);
                ExecutionException failed = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS),
                        c[0] + " was accepted");
                say("context = " + c[0] + ": " + failed.getCause());
                PythonException typeError = assertInstanceOf(PythonException.class, failed.getCause(), (String) c[0]);
                assertEquals("TypeError", typeError.pythonType(), (String) c[0]);
                assertTrue(typeError.pythonMessage().startsWith("a contextvars.Context is required, got "), typeError.pythonMessage());
            }
            // A coroutine of another context is a foreign object here, no awaitable: the submission fails with what
            // CPython's asyncio.ensure_future raises for one (and never runs it, nor hangs).
            CompletableFuture<Value> foreign = loop.submit(otherCoroutine);
            ExecutionException refused = assertThrows(ExecutionException.class, () -> foreign.get(10, TimeUnit.SECONDS),
                    "a coroutine of another context was accepted");
            say("a coroutine of another context: " + refused.getCause());
            PythonException typeError = assertInstanceOf(PythonException.class, refused.getCause());
            assertEquals("TypeError", typeError.pythonType());
            assertEquals("An asyncio.Future, a coroutine or an awaitable is required", typeError.pythonMessage());
            assertEquals("ran", loop.submit(python.context().call(namespace.getHashValue("work"))).get(10, TimeUnit.SECONDS)
                    .asString());
        } finally {
            other.cancelQuietly();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // AsyncioLoopPool

    private static final String POOL_SETUP = String.join("\n",
            "import asyncio",
            "async def as_dict():",
            "    return {'a': [1, 2]}",
            "async def as_list():",
            "    return [1, 2, 3]",
            "def not_a_coroutine_function():",
            "    return 5",
            "async def hold(ticker, millis):",
            "    return ticker.hold(millis)",
            "async def never_yields():",
            "    while True:",
            "        pass",
            "async def pong():",
            "    return 'pong'");

    private static AsyncioLoopPool.Builder pool(String setup) {
        return AsyncioLoopPool.builder(TestRuntime.shared()).contexts(2).setup(setup)
                .output(new ByteArrayOutputStream(), new ByteArrayOutputStream());
    }

    /** The pool's results are plain Java copies (a Value would die with a replaced context): each outlives the pool. */
    @Test
    void poolResultsAreJavaValuesThatOutliveTheirContext() throws Exception {
        Map<?, ?> map;
        List<?> list;
        Object object;
        try (AsyncioLoopPool pool = pool(POOL_SETUP).contexts(1).build()) {
            map = pool.submit(Map.class, "as_dict").get(60, TimeUnit.SECONDS);
            list = pool.submit(List.class, "as_list").get(60, TimeUnit.SECONDS);
            object = pool.submit(Object.class, "as_dict").get(60, TimeUnit.SECONDS);
            say("result classes: " + map.getClass().getName() + ", " + list.getClass().getName() + ", "
                    + object.getClass().getName());
        }
        say("after close: map.get('a') = " + map.get("a") + ", list = " + list + ", object = " + object);
        // Equal to JDK collections of boxed Java values, after the pool and its contexts closed: plain copies.
        assertEquals(Map.of("a", List.of(1, 2)), map);
        assertEquals(List.of(1, 2, 3), list);
        assertEquals(Map.of("a", List.of(1, 2)), object);
        assertEquals(java.util.LinkedHashMap.class, map.getClass());
        assertEquals(java.util.ArrayList.class, list.getClass());
    }

    @Test
    void aFunctionThatIsNoCoroutineFunctionFailsWithTypeErrorAndTheContextGoesOn() throws Exception {
        try (AsyncioLoopPool pool = pool(POOL_SETUP).contexts(1).build()) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> pool.submit(Object.class, "not_a_coroutine_function").get(60, TimeUnit.SECONDS));
            PythonException error = assertInstanceOf(PythonException.class, failed.getCause());
            say("not a coroutine function: " + error.pythonType() + ": " + error.pythonMessage());
            assertEquals("TypeError", error.pythonType());
            ExecutionException notConverted = assertThrows(ExecutionException.class,
                    () -> pool.submit(Integer.class, "pong").get(60, TimeUnit.SECONDS));
            say("not convertible: " + notConverted.getCause());
            assertInstanceOf(ClassCastException.class, notConverted.getCause());
            assertEquals("pong", pool.submit(String.class, "pong").get(60, TimeUnit.SECONDS));
            AsyncioLoopPool.LoopStatistics stats = pool.statistics().get(0);
            say("statistics: " + stats);
            assertEquals(1, stats.completed());
            assertEquals(2, stats.failed());
        }
    }

    @Test
    void aFailingSetupLeavesNoContextOrThreadBehind() {
        long before = loopPoolThreads();
        PythonException error = assertThrows(PythonException.class,
                () -> pool("import asyncio\nasync def ok():\n    return 1\nraise ValueError('bad setup')").contexts(2).build());
        say("failing setup: " + error.pythonType() + ": " + error.pythonMessage());
        assertEquals("ValueError", error.pythonType());
        assertEquals("bad setup", error.pythonMessage());
        assertEquals(before, loopPoolThreads());
    }

    private static long loopPoolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("asyncio loop pool")).count();
    }

    /**
     * One context's loop held in a Java call that ignores interrupts (a lock, a JDBC call): the watchdog replaces it
     * and goes on watching the other contexts meanwhile (it replaces on a thread of its own, because cancelling the
     * held context waits for the held thread to leave the host call), so a spinning loop in another context fails
     * within a few response limits.
     */
    @Test
    @Timeout(value = 150, threadMode = ThreadMode.SEPARATE_THREAD)
    void aLoopHeldInJavaDoesNotBlindTheWatchdogToTheOtherContexts() throws Exception {
        Ticker ticker = new Ticker();
        AsyncioLoopPool pool = pool(POOL_SETUP).responseLimit(Duration.ofSeconds(1)).build();
        try {
            long started = System.nanoTime();
            CompletableFuture<String> held = pool.submitKeyed(0, String.class, "hold", ticker, 25_000L);
            assertTrue(ticker.entered.await(20, TimeUnit.SECONDS));
            Thread.sleep(200);
            long spinStarted = System.nanoTime();
            CompletableFuture<Object> spinning = pool.submitKeyed(1, Object.class, "never_yields");
            Throwable heldWhy = null;
            Throwable spinWhy = null;
            try {
                spinning.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                spinWhy = e.getCause();
            }
            long spinMillis = (System.nanoTime() - spinStarted) / 1_000_000;
            try {
                held.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                heldWhy = e.getCause();
            }
            long heldMillis = (System.nanoTime() - started) / 1_000_000;
            say("held loop failed after " + heldMillis + " ms: " + heldWhy);
            say("spinning loop (other context) failed after " + spinMillis + " ms: " + spinWhy);
            say("statistics: " + pool.statistics());
            assertNotNull(spinWhy);
            assertNotNull(heldWhy, "the held loop's submission did not fail");
            assertTrue(heldWhy.getMessage().contains("the pooled context #0 was replaced"), heldWhy.getMessage());
            assertTrue(spinWhy.getMessage().contains("the pooled context #1 was replaced"), spinWhy.getMessage());
            // A watchdog blinded by the held loop would see the spinning one only once the 25 s Java call returned.
            assertTrue(spinMillis < 15_000, "the other context went unwatched for " + spinMillis + " ms");
        } finally {
            // Before the pool closes: its close waits for the held Java call, which would hold it for the full 25 s.
            ticker.stopped = true;
        }
        // The replacements built while the pool closes are closed, not cancelled: cancelling a context whose loop is
        // parked in its select waited until its next timer, and close() waited a minute for that.
        long closing = System.nanoTime();
        pool.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
        say("close() after two replacements took " + closeMillis + " ms");
        assertTrue(closeMillis < 20_000, "close() took " + closeMillis + " ms");
    }

    /**
     * A loop held in a Java call that ignores interrupts: its submission fails after the response limit, and the key's
     * next submission runs in the replacement at once, not when the Java call returns (cancelling the held context
     * waits for that, aside).
     */
    @Test
    @Timeout(value = 150, threadMode = ThreadMode.SEPARATE_THREAD)
    void aSlotHeldInJavaIsReplacedAndItsKeyGoesOnInTheReplacement() throws Exception {
        Ticker ticker = new Ticker();
        // One context: the key's slot is all the test uses, and a second context only cost building it.
        try (AsyncioLoopPool pool = pool(POOL_SETUP).contexts(1).responseLimit(Duration.ofSeconds(1)).build()) {
            CompletableFuture<String> held = pool.submitKeyed(0, String.class, "hold", ticker, 90_000L);
            assertTrue(ticker.entered.await(20, TimeUnit.SECONDS));
            CompletableFuture<String> behind = pool.submitKeyed(0, String.class, "pong");
            ExecutionException failed = assertThrows(ExecutionException.class, () -> held.get(30, TimeUnit.SECONDS));
            say("held slot: " + failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("was replaced"), failed.getCause().getMessage());
            long asked = System.nanoTime();
            assertEquals("pong", behind.get(30, TimeUnit.SECONDS), "the key's queued work, in the replacement");
            assertEquals("pong", pool.submitKeyed(0, String.class, "pong").get(30, TimeUnit.SECONDS));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - asked);
            say("the key's next work ran in the replacement " + millis + " ms later; the Java call still holds: " + !ticker.stopped);
            assertEquals(1, pool.statistics().get(0).replacements());
        } finally {
            ticker.stopped = true;
        }
    }

    /**
     * closeNow() while the watchdog rebuilds a context: every future ends (closeNow says: cancelled), and no context is
     * started or left alive after closeNow returned.
     */
    @Test
    @Timeout(value = 150, threadMode = ThreadMode.SEPARATE_THREAD)
    void closeNowRacingAReplacementLeavesNothingRunning() throws Exception {
        long before = loopPoolThreads();
        SetupGate.open = true;
        // The replacement's setup waits at the gate until the queued submission has ended (closeNow cancels it, then
        // waits for the replacement): one built before closeNow (a test thread scheduled late) would run the queued
        // submission instead of racing closeNow.
        String setup = "import java, time\n_gate = java.type('io.github.asyncgraalpy.bridge.BlockingCallAttacksTest$SetupGate')\n"
                + "while not _gate.open():\n    time.sleep(0.005)\n" + POOL_SETUP;
        AsyncioLoopPool pool = pool(setup).contexts(1).responseLimit(Duration.ofMillis(400)).build();
        CompletableFuture<String> queued;
        long afterClose;
        Thread opener = null;
        // Whether the queued submission ended before the gate opened: then closeNow() itself ended it, not the
        // replacement's handing-over (which also cancels what waited, but only once its setup ran).
        AtomicBoolean endedBeforeTheGate = new AtomicBoolean();
        try {
            SetupGate.open = false;
            CompletableFuture<Object> spinning = pool.submit(Object.class, "never_yields");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!spinning.isDone() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            queued = pool.submit(String.class, "pong"); // waits for the replacement being built
            opener = new Thread(() -> {
                endedBeforeTheGate.set(waitDone(queued, 30));
                SetupGate.open = true;
            }, "opens the setup gate once the queued submission ended");
            opener.start();
            pool.closeNow();
            afterClose = loopPoolThreads();
        } finally {
            SetupGate.open = true;
            if (opener != null) {
                opener.join(60_000);
            }
        }
        boolean ended = waitDone(queued, 60);
        say("closeNow racing a rebuild: queued ended=" + ended + " cancelled=" + queued.isCancelled() + " outcome="
                + queued.handle((ok, e) -> ok != null ? ok : String.valueOf(e)).getNow("pending"));
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long most = afterClose;
        while (loopPoolThreads() > before && System.nanoTime() < settle) {
            most = Math.max(most, loopPoolThreads());
            Thread.sleep(20);
        }
        say("loop threads: before " + before + ", right after closeNow " + afterClose + ", most seen later " + most
                + ", at the end " + loopPoolThreads());
        assertTrue(ended, "a submission never ended");
        assertTrue(queued.isCancelled(), "closeNow() did not cancel the submission queued for the replacement");
        assertTrue(endedBeforeTheGate.get(), "the queued submission ended only after the replacement's setup ran: "
                + "closeNow() left it waiting for a context it will never get");
        assertEquals(before, loopPoolThreads(), "a loop thread outlived closeNow()");
    }

    private static boolean waitDone(CompletableFuture<?> future, int seconds) {
        try {
            future.handle((ok, e) -> null).get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
