package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code asyncio.to_thread} and {@code loop.run_in_executor(None, ...)} in the default sandbox: the call runs on a Java
 * thread that enters the context, Python threads stay denied, and the loop goes on while the call blocks.
 */
@Timeout(120)
class BlockingCallsTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** Runs {@code async def main(*args)} from {@code code} with {@code asyncio.run} and answers what it returns. */
    private static Value run(String main, Object... args) {
        return run(python.context(), main, args);
    }

    /** Runs {@code async def main(*args)} from {@code main} in {@code context} with {@code asyncio.run}. */
    static Value run(PythonContext context, String main, Object... args) {
        Value namespace = context.runScript(String.join("\n",
                "import asyncio, contextvars, sys, threading",
                main,
                "def run(*args):",
                "    return asyncio.run(main(*args))"), "<test>");
        return context.call(namespace.getHashValue("run"), args);
    }

    @Test
    void toThreadReturnsTheResultFromAJavaThread() {
        Value result = run(String.join("\n",
                "def work(a, b):",
                "    return (a + b, threading.get_ident())",
                "async def main():",
                "    total, ident = await asyncio.to_thread(work, 40, b=2)",
                "    return [total, ident != threading.get_ident()]"));
        assertEquals("[42, True]", python.repr(result));
    }

    @Test
    void runInExecutorWithoutAnExecutorRunsOnAJavaThread() {
        Gate gate = new Gate();
        gate.open();
        Value result = run(String.join("\n",
                "async def main(gate):",
                "    ending = await asyncio.get_running_loop().run_in_executor(None, gate.waitToPass)",
                "    return [ending, gate.thread()]"), gate);
        assertEquals("opened", result.getArrayElement(0).asString());
        assertTrue(result.getArrayElement(1).asString().startsWith("asyncgraalpy blocking call"), result.toString());
    }

    @Test
    void whatTheFunctionRaisesIsRaisedAsItIs() {
        Value result = run(String.join("\n",
                "class Refused(Exception):",
                "    pass",
                "raised = Refused('no')",
                "def work():",
                "    raise raised",
                "async def main():",
                "    try:",
                "        await asyncio.to_thread(work)",
                "    except Refused as error:",
                "        return error is raised",
                "    return 'nothing raised'"));
        assertEquals("True", python.repr(result));
    }

    @Test
    void theLoopRunsWhileAJavaCallBlocks() throws InterruptedException {
        Gate gate = new Gate();
        Value result = run(String.join("\n",
                "async def main(gate):",
                "    call = asyncio.ensure_future(asyncio.to_thread(gate.waitToPass))",
                "    ticks = 0",
                "    while not gate.isEntered():",
                "        await asyncio.sleep(0.005)",
                "    for _ in range(5):",
                "        await asyncio.sleep(0.005)",
                "        ticks += 1",
                "    gate.open()",
                "    return [ticks, await call]"), gate);
        assertEquals("[5, 'opened']", python.repr(result));
    }

    @Test
    void cancellingTheAwaitInterruptsTheBlockingJavaCall() throws InterruptedException {
        Gate gate = new Gate();
        Value result = run(String.join("\n",
                "async def main(gate):",
                "    call = asyncio.ensure_future(asyncio.to_thread(gate.waitToPass))",
                "    while not gate.isEntered():",
                "        await asyncio.sleep(0.005)",
                "    call.cancel()",
                "    try:",
                "        await call",
                "    except asyncio.CancelledError:",
                "        return 'cancelled'",
                "    return 'not cancelled'"), gate);
        assertEquals("cancelled", result.asString());
        assertEquals("interrupted", gate.awaitEnding());
    }

    @Test
    void aCallCancelledBeforeItStartsNeverRuns() {
        Value result = run(String.join("\n",
                "ran = []",
                "async def main():",
                "    loop = asyncio.get_running_loop()",
                "    future = loop.run_in_executor(None, ran.append, 1)",
                "    future.cancel()",
                "    await asyncio.sleep(0.05)",
                "    return [future.cancelled(), len(ran)]"));
        // The call may already have started on its thread before cancel(): then it ran, and only its outcome is ignored.
        assertTrue(python.repr(result).startsWith("[True, "), python.repr(result));
    }

    @Test
    void theContextVariablesOfTheCallerReachTheCall() {
        Value result = run(String.join("\n",
                "request = contextvars.ContextVar('request')",
                "def work():",
                "    return request.get('unset')",
                "async def main():",
                "    request.set('r-17')",
                "    return await asyncio.to_thread(work)"));
        assertEquals("r-17", result.asString());
    }

    @Test
    void afterShutdownOfTheDefaultExecutorCallsAreRefusedInAsyncioWords() {
        List<String> raised = python.raised(String.join("\n",
                "import asyncio",
                "async def main():",
                "    loop = asyncio.get_running_loop()",
                "    await loop.run_in_executor(None, int, '1')",
                "    await loop.shutdown_default_executor()",
                "    loop.run_in_executor(None, int, '2')",
                "asyncio.run(main())"), "RuntimeError");
        assertEquals(List.of("RuntimeError", "Executor shutdown has been called"), raised);
    }

    @Test
    void asyncioRunWaitsForTheCallsStillRunning() throws InterruptedException {
        Gate gate = new Gate();
        Thread opener = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
            gate.open();
        });
        opener.start();
        Value result = run(String.join("\n",
                "async def main(gate):",
                "    asyncio.get_running_loop().run_in_executor(None, gate.waitToPass)",
                "    while not gate.isEntered():",
                "        await asyncio.sleep(0.005)",
                "    return 'returned'"), gate);
        assertEquals("returned", result.asString());
        // shutdown_default_executor, at the end of asyncio.run, waited for the call: it had ended when run returned.
        assertEquals("opened", gate.awaitEnding());
        opener.join(10_000);
    }

    @Test
    void pythonThreadsStayDenied() {
        List<String> raised = python.raised("import threading\nthreading.Thread(target=print).start()", "RuntimeError");
        assertEquals("RuntimeError", raised.get(0));
    }

    @Test
    void aHostExecutorIsUsedAsItIsAndARejectionIsACatchableRuntimeError() throws InterruptedException {
        ExecutorService host = Executors.newSingleThreadExecutor(task -> new Thread(task, "host worker"));
        try (GraalPyRuntime runtime = GraalPyRuntime.builder().blockingCallExecutor(host).build();
                PythonContext context = runtime.newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream())) {
            Gate gate = new Gate();
            gate.open();
            Value first = run(context, String.join("\n",
                    "async def main(gate):",
                    "    await asyncio.to_thread(gate.waitToPass)",
                    "    return gate.thread()"), gate);
            assertEquals("host worker", first.asString());
            assertFalse(host.isShutdown(), "the loop's end shut the host's executor down");

            host.shutdown();
            Value refused = run(context, String.join("\n",
                    "async def main():",
                    "    try:",
                    "        await asyncio.to_thread(int, '1')",
                    "    except RuntimeError as error:",
                    "        refusal = str(error)",
                    "    return [refusal, await asyncio.sleep(0, 'the loop goes on')]"));
            assertTrue(refused.getArrayElement(0).asString().startsWith("cannot schedule new futures: "), refused.toString());
            assertEquals("the loop goes on", refused.getArrayElement(1).asString());
        } finally {
            host.shutdownNow();
        }
    }
}
