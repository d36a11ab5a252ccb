package io.github.asyncgraalpy.coroutine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python awaits Java: the special methods the runtime gives PyAwaitable and PyIterator, step by step. */
@Timeout(120)
class JavaProtocolsTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static final String SETUP = String.join("\n",
            "import asyncio, java",
            "CountingIterator = java.type('io.github.asyncgraalpy.coroutine.CountingIterator')",
            "MyCoroutineCopy = lambda value: CountingIterator(0, value, True)  # returns value at the first step",
            "def steps(iterator):",
            "    seen = []",
            "    while True:",
            "        try:",
            "            seen.append(('yield', next(iterator)))",
            "        except StopIteration as stop:",
            "            seen.append(('return', stop.value))",
            "            return seen",
            "def error_of(call):",
            "    try:",
            "        call()",
            "    except BaseException as error:",
            "        return f'{type(error).__name__}: {error}'",
            "    return 'no error'",
            "");

    private static String text(String body) {
        return python.run(SETUP + body, "answer").asString();
    }

    @Test
    void awaitIteratorAndIteratorAreTheSpecialMethods() {
        assertEquals("True", text("c = MyCoroutineCopy('foo')\nanswer = str(c.__await__() is c and iter(c) is c)"));
    }

    /** What docs/tutorial.md says: only what Python calls on the object itself needs @HostAccess.Export. */
    @Test
    void awaitIteratorAndNextWorkUnexportedBecauseTheLibraryCallsThemFromJava() {
        assertEquals("['unexported', True, 'AttributeError', 'AttributeError']", text(String.join("\n",
                "Bare = java.type('io.github.asyncgraalpy.coroutine.ExportsOnlyIterator')",
                "async def main():",
                "    return await Bare('unexported')",
                "bare = Bare(None)",
                "answer = repr([asyncio.run(main()), iter(bare) is bare, error_of(lambda: bare.next()).split(':')[0],",
                "               error_of(lambda: bare.awaitIterator()).split(':')[0]])")));
    }

    @Test
    void eachYieldedValueThenTheStopIterationValue() {
        assertEquals("[('yield', 1), ('yield', 2), ('yield', 3), ('return', 'done')]",
                text("answer = repr(steps(CountingIterator(3, 'done', False).__await__()))"));
    }

    @Test
    void theReturnedValueIsTheValueOfAwait() {
        assertEquals("['foo', 42, None]", text(String.join("\n",
                "async def main():",
                "    return [await MyCoroutineCopy('foo'), await CountingIterator(2, 42, True), await CountingIterator(0, None, True)]",
                "answer = repr(asyncio.run(main()))")));
    }

    @Test
    void pythonObjectsPassThroughJavaUnchanged() {
        assertEquals("True", text(String.join("\n",
                "marker = object()",
                "async def main():",
                "    return await MyCoroutineCopy(marker)",
                "answer = str(asyncio.run(main()) is marker)")));
    }

    @Test
    void aYieldThatIsNotAFutureIsRefusedByAsyncioAsForPython() {
        assertEquals("RuntimeError: Task got bad yield: 1", text(String.join("\n",
                "async def main():",
                "    await CountingIterator(1, 'never', False)",
                "answer = error_of(lambda: asyncio.run(main()))")));
    }

    @Test
    void nextReturningNullIsATypeErrorNamingTheClass() {
        assertEquals("TypeError: io.github.asyncgraalpy.coroutine.CountingIterator.next() returned null; it must return an IterNextOutput",
                text("answer = error_of(lambda: next(CountingIterator(-1, None, True)))"));
    }

    @Test
    void aPlainAwaitableIsNotACoroutine() {
        assertEquals("False|TypeError|ValueError", text(String.join("\n",
                "async def create_task():",
                "    asyncio.create_task(MyCoroutineCopy(1))",
                "answer = '|'.join([str(asyncio.iscoroutine(MyCoroutineCopy(1))),",
                "                   error_of(lambda: asyncio.run(create_task())).split(':')[0],",
                "                   error_of(lambda: asyncio.run(MyCoroutineCopy(1))).split(':')[0]])")));
    }
}
