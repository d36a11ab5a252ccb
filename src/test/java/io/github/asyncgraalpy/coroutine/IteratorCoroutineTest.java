package io.github.asyncgraalpy.coroutine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Java iterators as coroutines and as async iterables; Java resources in async with. */
@Timeout(120)
class IteratorCoroutineTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** Test double: promises {@code promised} elements with hasNext() but has only {@code real}. */
    public static final class LyingIterator implements Iterator<Integer> {
        private final int promised;
        private final int real;
        private int given;

        @HostAccess.Export
        public LyingIterator(int promised, int real) {
            this.promised = promised;
            this.real = real;
        }

        @Override
        public boolean hasNext() {
            return given < promised;
        }

        @Override
        public Integer next() {
            if (given >= real) {
                throw new NoSuchElementException();
            }
            return given++;
        }
    }

    private static String text(String source) {
        return python.run("import asyncio, java\nIteratorCoroutine = java.type('io.github.asyncgraalpy.coroutine.IteratorCoroutine')\n"
                + source, "answer").asString();
    }

    @Test
    void oneSuspensionPerElementThenTheResult() {
        JavaSideDriver steps = new JavaSideDriver(IteratorCoroutine.over(List.of("a", "b").iterator(), "done"));
        assertEquals(List.of("yield", "yield", "return done"), steps.drive());
    }

    /** Drives a JavaCoroutine from Java through its exported protocol, recording each step. */
    private record JavaSideDriver(JavaCoroutine<?> coroutine) {
        List<String> drive() {
            List<String> seen = new java.util.ArrayList<>();
            while (true) {
                IterNextOutput output = coroutine.resume(null);
                if (output.isReturn()) {
                    seen.add("return " + output.value());
                    return seen;
                }
                seen.add("yield");
            }
        }
    }

    @Test
    void anIteratorBreakingItsContractEndsTheCoroutineWithAClearError() {
        assertEquals("JavaError: java.lang.IllegalStateException: io.github.asyncgraalpy.coroutine.IteratorCoroutineTest$LyingIterator"
                + " broke the Iterator contract: hasNext() was true but next() threw NoSuchElementException after 2 elements", text(String.join("\n",
                "Lying = java.type('io.github.asyncgraalpy.coroutine.IteratorCoroutineTest$LyingIterator')",
                "async def main():",
                "    try:",
                "        await IteratorCoroutine(Lying(5, 2), 'never')",
                "    except Exception as error:",
                "        return f'{type(error).__name__}: {error}'",
                "answer = asyncio.run(main())")));
    }

    @Test
    void somethingThatIsNoJavaIteratorIsATypeErrorWhenItRunsAsInPython() {
        assertEquals("TypeError: IteratorCoroutine needs a java.util.Iterator or java.lang.Iterable, got java.lang.String",
                text(String.join("\n",
                        "coroutine = IteratorCoroutine('abc', None)",
                        "try:",
                        "    asyncio.run(coroutine)",
                        "except TypeError as error:",
                        "    answer = f'TypeError: {error}'")));
    }

    @Test
    void anEndlessIteratorIsCancelledAndCountsWhatItTook() {
        Value result = python.run(String.join("\n",
                "import asyncio, java",
                "coroutine = java.type('io.github.asyncgraalpy.coroutine.IteratorCoroutine')(java.type('io.github.asyncgraalpy.testing.pythonfacing.Naturals')(), None)",
                "async def main():",
                "    try:",
                "        await asyncio.wait_for(coroutine, 0.05)",
                "    except TimeoutError:",
                "        return 'timed out'",
                "answer = asyncio.run(main())",
                "taken = coroutine.taken()"));
        assertEquals("timed out", result.getHashValue("answer").asString());
        assertTrue(result.getHashValue("taken").asLong() > 0);
    }

    @Test
    void asyncForWorksOnJavaIterablesAndIteratorsAndPlainForStillDoes() {
        assertEquals("['x', 'y'] ['x', 'y'] ['x', 'y'] [0, 1, 2]", text(String.join("\n",
                "Words = java.type('io.github.asyncgraalpy.testing.pythonfacing.SpaceSeparated')",
                "Lying = java.type('io.github.asyncgraalpy.coroutine.IteratorCoroutineTest$LyingIterator')",
                "async def main():",
                "    from_iterable = [w async for w in Words('x y')]",
                "    from_iterator = [i async for i in Lying(3, 3)]",
                "    return from_iterable, from_iterator",
                "from_iterable, from_iterator = asyncio.run(main())",
                "answer = f'{from_iterable} {list(Words(\"x y\"))} {[w for w in Words(\"x y\")]} {from_iterator}'")));
    }

    @Test
    void asyncForOverJavaIterablesSideBySideInterleavesElementByElement() {
        assertEquals("['a 1', 'b 1', 'a 2', 'b 2', 'a 3']", text(String.join("\n",
                "Words = java.type('io.github.asyncgraalpy.testing.pythonfacing.SpaceSeparated')",
                "trace = []",
                "async def read(name, text):",
                "    async for word in Words(text):",
                "        trace.append(f'{name} {word}')",
                "async def main():",
                "    await asyncio.gather(read('a', '1 2 3'), read('b', '1 2'))",
                "asyncio.run(main())",
                "answer = str(trace)")));
    }

    @Test
    void asyncForOverAnEndlessJavaIteratorLetsTheLoopTurnWithinItsSliceOfElements() {
        // A timer runs only when the loop turns, and no other task is ready: only the slice of 1,024 elements turns
        // it. The timer then runs after the reader's next slice (it comes after the reader in the ready queue), and
        // the reader sees it at the element after that: 2,048 at most; 100,000 if the loop never turned.
        long taken = python.run(String.join("\n",
                "import asyncio, java",
                "Naturals = java.type('io.github.asyncgraalpy.testing.pythonfacing.Naturals')",
                "async def main():",
                "    fired = []",
                "    asyncio.get_running_loop().call_later(0, fired.append, True)",
                "    async for n in Naturals():",
                "        if fired or n == 100_000:",
                "            return n",
                "answer = asyncio.run(main())"), "answer").asLong();
        assertTrue(taken <= 2048, "the loop turned only after " + taken + " elements");
    }

    @Test
    void aTaskCancelledWhileAsyncForGivesTheLoopATurnHasTakenNothingFromTheIterator() {
        assertEquals(0, python.run(String.join("\n",
                "import asyncio, java",
                "naturals = java.type('io.github.asyncgraalpy.testing.pythonfacing.Naturals')()",
                "async def read():",
                "    async for n in naturals:",
                "        pass",
                "async def main():",
                "    reader = asyncio.create_task(read())",
                "    await asyncio.sleep(0)  # the reader starts, finds this task ready and gives it the turn",
                "    reader.cancel()",
                "    try:",
                "        await reader",
                "    except asyncio.CancelledError:",
                "        return next(naturals)",
                "answer = asyncio.run(main())"), "answer").asLong());
    }

    @Test
    void asyncWithClosesOnceEvenWhenTheBlockRaisesAndPlainWithWorksToo() {
        assertEquals("1 1 1 True", text(String.join("\n",
                "Closeable = java.type('io.github.asyncgraalpy.testing.pythonfacing.CountedCloses')",
                "async def main():",
                "    async with Closeable() as a:",
                "        pass",
                "    b = Closeable()",
                "    try:",
                "        async with b:",
                "            raise KeyError('k')",
                "    except KeyError:",
                "        pass",
                "    return a, b",
                "a, b = asyncio.run(main())",
                "with Closeable() as c:",
                "    pass",
                "answer = f'{a.closes()} {b.closes()} {c.closes()} {c.closes() > 0}'")));
    }
}
