package io.github.asyncgraalpy.coroutine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.runtime.PythonContext;
import io.github.asyncgraalpy.runtime.PythonException;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Java awaits Python: each step of a Python iterator or coroutine, as the tutorial's await_foo takes them. */
@Timeout(120)
class PythonIteratorTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static PythonIterator iteratorOf(String source, String expression) {
        Value namespace = python.run(source);
        return PythonIterator.of(python.context(), python.context().call(python.context().eval("lambda ns, e: eval(e, ns)"), namespace, expression));
    }

    private static Object valueOf(IterNextOutput output) {
        Value value = (Value) output.value();
        return value.isNull() ? null : value.isNumber() ? (Object) value.asInt() : value.asString();
    }

    @Test
    void eachYieldAndTheFinalReturnValueComeBackInOrder() {
        PythonIterator steps = iteratorOf(String.join("\n",
                "def generator():",
                "    sent = yield 1",
                "    again = yield sent + 1",
                "    return again * 2"), "generator()");
        IterNextOutput first = steps.next();
        assertInstanceOf(IterNextOutput.Yield.class, first);
        assertEquals(1, valueOf(first));
        IterNextOutput second = steps.send(5);
        assertInstanceOf(IterNextOutput.Yield.class, second);
        assertEquals(6, valueOf(second));
        IterNextOutput last = steps.send(7);
        assertInstanceOf(IterNextOutput.Return.class, last);
        assertEquals(14, valueOf(last), "StopIteration.value");
    }

    @Test
    void aCoroutineSuspendsWithBareYieldsThenReturns() {
        PythonIterator steps = iteratorOf(String.join("\n",
                "import asyncio",
                "async def twice():",
                "    await asyncio.sleep(0)",
                "    await asyncio.sleep(0)",
                "    return 'done'"), "twice().__await__()");
        assertEquals(IterNextOutput.yielding(null).isReturn(), steps.next().isReturn());
        assertTrue(((Value) steps.next().value()).isNull(), "asyncio.sleep(0) is a bare yield");
        IterNextOutput last = steps.next();
        assertInstanceOf(IterNextOutput.Return.class, last);
        assertEquals("done", valueOf(last));
    }

    @Test
    void stepsPastTheEndAreRefused() {
        PythonIterator steps = iteratorOf("def empty():\n    return 'only'\n    yield", "empty()");
        assertEquals("only", valueOf(steps.next()));
        IllegalStateException error = assertThrows(IllegalStateException.class, steps::next);
        assertEquals("the iterator is exhausted: it already returned", error.getMessage());
    }

    @Test
    void anExceptionOtherThanStopIterationReachesJavaWithTypeMessageAndTraceback() {
        PythonIterator steps = iteratorOf(String.join("\n",
                "async def failing():",
                "    raise LookupError('no such key: 7')"), "failing().__await__()");
        PythonException error = assertThrows(PythonException.class, steps::next);
        assertEquals("LookupError", error.pythonType());
        assertEquals("no such key: 7", error.pythonMessage());
        assertTrue(error.pythonTraceback().contains("in failing"), error.pythonTraceback());
    }

    @Test
    void awaitRunsTheTutorialsFourSteps() {
        Value coroutine = python.run("async def foo():\n    return 'hello'\ncoroutine = foo()", "coroutine");
        assertEquals("hello", PythonIterator.await(python.context(), coroutine).asString());
    }

    /** The embedding example in docs/api.md, verbatim. */
    static int answer() {
        try (PythonContext python = GraalPyRuntime.shared().newContext()) {
            Value namespace = python.runScript("async def answer():\n    return 42", "answer.py");
            Value coroutine = python.call(namespace.getHashValue("answer"));
            return PythonIterator.await(python, coroutine).asInt();
        }
    }

    @Test
    void theReadmesEmbeddingExampleAnswers42() {
        assertEquals(42, answer());
    }

    @Test
    void awaitRefusesACoroutineThatWaitsOnAnEventLoop() {
        Value coroutine = python.run(String.join("\n",
                "import asyncio",
                "future = asyncio.Future(loop=asyncio.new_event_loop())",
                "async def waits():",
                "    await future",
                "coroutine = waits()"), "coroutine");
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> PythonIterator.await(python.context(), coroutine));
        assertTrue(error.getMessage().contains("drive it with asyncio"), error.getMessage());
        python.context().call(coroutine.getMember("close"));
    }

    @Test
    void somethingThatIsNotAnIteratorIsRejectedUpFront() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PythonIterator.of(python.context(), python.context().eval("42")));
        assertEquals("not a Python iterator (it has no __next__): 42", error.getMessage());
    }
}
