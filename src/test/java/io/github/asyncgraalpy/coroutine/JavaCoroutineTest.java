package io.github.asyncgraalpy.coroutine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A broken Java coroutine fails its own task with a clear Python exception; the loop and the other tasks go on. */
@Timeout(120)
class JavaCoroutineTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static Value brokenAlongsideAHealthyTask(String how) {
        return python.run(String.join("\n",
                "import asyncio, java",
                "Broken = java.type('io.github.asyncgraalpy.coroutine.BrokenCoroutine')",
                "Countdown = java.type('io.github.asyncgraalpy.testing.pythonfacing.YieldingCoroutine')",
                "async def main():",
                "    return await asyncio.gather(Broken('" + how + "'), Countdown(5, 'healthy'), return_exceptions=True)",
                "broken, healthy = asyncio.run(main())",
                "kind = type(broken).__name__",
                "message = str(broken)",
                "cause = repr(broken.__cause__)",
                "notes = '\\n'.join(getattr(broken, '__notes__', []))"));
    }

    @ParameterizedTest(name = "step breaks by: {0}")
    @CsvSource(delimiter = '|', value = {
        "null           | TypeError          | io.github.asyncgraalpy.coroutine.BrokenCoroutine.step() returned null; it must return an IterNextOutput",
        "error          | JavaError          | java.lang.AssertionError: invariant broken in Java",
        "runtime        | JavaError          | java.lang.IllegalStateException: no connection",
        "unknown type   | TypeError          | PyError names 'NoSuchError', which is no Python exception type",
        "qualified type | InvalidStateError  | not now",
    })
    void aBrokenStepFailsItsTaskOnlyAndSaysWhy(String how, String type, String message) {
        Value result = brokenAlongsideAHealthyTask(how);
        assertEquals(type, result.getHashValue("kind").asString());
        assertEquals(message, result.getHashValue("message").asString());
        assertEquals("healthy", result.getHashValue("healthy").asString(), "the other task was not affected");
    }

    /**
     * The protocol's Java half is not Python's to call: a script holding a Java coroutine sees Python's coroutine
     * methods, never the steps behind them, so it cannot take a result or an error meant for its task, or step the
     * coroutine behind asyncio's back.
     */
    @Test
    void aScriptSeesNoneOfTheProtocolsJavaHalf() {
        Value seen = python.run(String.join("\n",
                "import java",
                "coroutine = java.type('io.github.asyncgraalpy.coroutine.BrokenCoroutine')('runtime')",
                "steps = ['advance', 'advanceThrow', 'takeResult', 'takeError', 'resumeSend', 'resumeThrow', 'closeCoroutine']",
                "visible = [name for name in steps if hasattr(coroutine, name)]",
                "coroutine.close()"));
        assertEquals("[]", seen.getHashValue("visible").toString());
    }

    @Test
    void aJavaExceptionCarriesItsClassMessageAndStack() {
        Value result = brokenAlongsideAHealthyTask("runtime");
        assertTrue(result.getHashValue("notes").asString().startsWith("Java stack trace:\njava.lang.IllegalStateException: no connection\n"),
                result.getHashValue("notes").asString());
        assertTrue(result.getHashValue("notes").asString().contains("at io.github.asyncgraalpy.coroutine.BrokenCoroutine.step("),
                result.getHashValue("notes").asString());
        Value fields = python.run(String.join("\n",
                "import asyncio, java, asyncgraalpy",
                "async def main():",
                "    try:",
                "        await java.type('io.github.asyncgraalpy.coroutine.BrokenCoroutine')('runtime')",
                "    except asyncgraalpy.JavaError as error:",
                "        return [error.java_class, error.java_message, isinstance(error, Exception)]",
                "fields = asyncio.run(main())"), "fields");
        assertEquals("['java.lang.IllegalStateException', 'no connection', True]", python.repr(fields));
    }

    @Test
    void aPythonErrorOfAChosenTypeIsCaughtByThatType() {
        assertEquals("caught ValueError: bad input", python.run(String.join("\n",
                "import asyncio, java",
                "async def main():",
                "    try:",
                "        await java.type('io.github.asyncgraalpy.testing.pythonfacing.YieldingCoroutine').raising(2, 'ValueError', 'bad input')",
                "    except ValueError as error:",
                "        return f'caught {type(error).__name__}: {error}'",
                "answer = asyncio.run(main())"), "answer").asString());
    }

    @Test
    void theLoopKeepsRunningAfterABrokenCoroutine() {
        brokenAlongsideAHealthyTask("error");
        assertEquals("still fine", python.run(String.join("\n",
                "import asyncio, java",
                "answer = asyncio.run(java.type('io.github.asyncgraalpy.testing.pythonfacing.YieldingCoroutine')(3, 'still fine'))"), "answer").asString());
    }

    /** GraalPy raises this TypeError itself; the runtime's per-class Python types make it name the Java class. */
    @Test
    void anObjectThatIsNotAwaitableIsATypeErrorNamingTheJavaClass() {
        assertEquals("TypeError: object Java_io.github.asyncgraalpy.coroutine.PlainJavaObject_generated can't be used in 'await' expression",
                python.run(String.join("\n",
                "import asyncio, java",
                "async def main():",
                "    try:",
                "        await java.type('io.github.asyncgraalpy.coroutine.PlainJavaObject')()",
                "    except TypeError as error:",
                "        return f'TypeError: {error}'",
                "answer = asyncio.run(main())"), "answer").asString());
    }

    @Test
    void aStepCanWaitOnAnAsyncioFutureAndReadItsResult() {
        assertEquals("42", python.run(String.join("\n",
                "import asyncio, java",
                "async def main():",
                "    future = asyncio.get_running_loop().create_future()",
                "    asyncio.get_running_loop().call_later(0.01, future.set_result, 21)",
                "    return await java.type('io.github.asyncgraalpy.coroutine.FutureWaiter')(future)",
                "answer = str(asyncio.run(main()))"), "answer").asString());
    }

    @Test
    void aPythonExceptionThrownInReachesTheHookWithTypeMessageAndTraceback() {
        Value result = python.run(String.join("\n",
                "import asyncio, java",
                "def raise_here():",
                "    raise LookupError('from Python')",
                "async def main():",
                "    future = asyncio.get_running_loop().create_future()",
                "    waiter = java.type('io.github.asyncgraalpy.coroutine.FutureWaiter')(future)",
                "    task = asyncio.create_task(waiter)",
                "    await asyncio.sleep(0)",
                "    try:",
                "        raise_here()",
                "    except LookupError as error:",
                "        thrown = error",
                "    try:",
                "        waiter.throw(thrown)",
                "    except LookupError as error:",
                "        same = error is thrown",
                "    task.cancel()",
                "    return same, list(waiter.thrownIn())",
                "same, seen = asyncio.run(main())"));
        assertTrue(result.getHashValue("same").asBoolean(), "re-raised as the same Python object");
        Value seen = result.getHashValue("seen");
        assertEquals("LookupError", seen.getArrayElement(0).asString());
        assertEquals("from Python", seen.getArrayElement(1).asString());
        assertTrue(seen.getArrayElement(2).asString().contains("in raise_here"), seen.getArrayElement(2).asString());
        assertTrue(seen.getArrayElement(2).asString().endsWith("LookupError: from Python\n"), seen.getArrayElement(2).asString());
    }
}
