package io.github.asyncgraalpy.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.PythonException;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Context variables across the bridge, as asyncio's own tests check them for tasks and callbacks: a submission runs
 * in the context Java gives, or a fresh copy; a value set before awaiting a Java future is there after it; a callback
 * that a Java completion schedules runs in the context it was added in.
 */
@Timeout(120)
class ContextVariablesTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static final String CODE = String.join("\n",
            "import asyncio, contextvars",
            "from asyncgraalpy import wrap_future",
            "request = contextvars.ContextVar('request', default='unset')",
            "def new_context(value):",
            "    context = contextvars.copy_context()",
            "    context.run(request.set, value)",
            "    return context",
            "def value_in(context):",
            "    return context.get(request, 'unset')",
            "async def read_then_set(value):",
            "    seen = request.get()",
            "    request.set(value)",
            "    return seen",
            "async def across_java_await(java_future):",
            "    request.set('before')",
            "    await java_future",
            "    return request.get()",
            "async def callback_context(java_future):",
            "    seen = []",
            "    request.set('adder')",
            "    future = wrap_future(java_future)",
            "    future.add_done_callback(lambda f: seen.append(request.get()))",
            "    request.set('changed after adding')",
            "    await future",
            "    await asyncio.sleep(0)",
            "    return seen");

    private Value namespace;
    private AsyncioLoopThread loop;

    @BeforeEach
    void startLoop() {
        namespace = python.run(CODE);
        loop = AsyncioLoopThread.start(python.context());
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private Value call(String function, Object... arguments) {
        return python.context().call(namespace.getHashValue(function), arguments);
    }

    private static Value result(CompletableFuture<Value> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSubmissionRunsInTheContextJavaGivesAndLeavesItsValuesThere() throws Exception {
        Value context = call("new_context", "r-1");
        assertEquals("r-1", result(loop.submit(call("read_then_set", "r-2"), context)).asString());
        assertEquals("r-2", call("value_in", context).asString());
        assertEquals("r-2", result(loop.submit(call("read_then_set", "r-3"), context)).asString());
    }

    @Test
    void withoutAContextEachSubmissionGetsAFreshCopy() throws Exception {
        assertEquals("unset", result(loop.submit(call("read_then_set", "leaked?"))).asString());
        assertEquals("unset", result(loop.submit(call("read_then_set", "leaked?"))).asString());
    }

    @Test
    void aValueSetBeforeAwaitingAJavaFutureIsThereAfterIt() throws Exception {
        CompletableFuture<String> java = new CompletableFuture<>();
        CompletableFuture<Value> submitted = loop.submit(call("across_java_await", java));
        Thread completer = new Thread(() -> java.complete("done"));
        completer.start();
        assertEquals("before", result(submitted).asString());
        completer.join(10_000);
    }

    @Test
    void aCallbackAJavaCompletionSchedulesRunsInTheContextItWasAddedIn() throws Exception {
        CompletableFuture<String> java = new CompletableFuture<>();
        CompletableFuture<Value> submitted = loop.submit(call("callback_context", java));
        Thread completer = new Thread(() -> java.complete("done"));
        completer.start();
        assertEquals("['adder']", python.repr(result(submitted)));
        completer.join(10_000);
    }

    @Test
    void aContextThatIsNoContextFailsTheSubmissionWithTypeError() throws Exception {
        CompletableFuture<Value> submitted = loop.submit(call("read_then_set", "x"), python.run("not_a_context = {}", "not_a_context"));
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> result(submitted));
        PythonException python = assertInstanceOf(PythonException.class, failure.getCause());
        assertEquals("TypeError", python.pythonType());
        assertTrue(python.getMessage().contains("a contextvars.Context is required, got dict"), python.getMessage());
    }
}
