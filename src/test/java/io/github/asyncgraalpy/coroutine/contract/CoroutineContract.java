package io.github.asyncgraalpy.coroutine.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every kind of coroutine must do, on every runtime: one scenario per test, its full trace (values yielded and
 * returned, exceptions with their messages, events in order across tasks) written down as CPython defines it.
 *
 * <p>A subclass names a kind (native {@code async def}, a Python class, a Java coroutine), whose factories
 * {@code countdown}, {@code failing}, {@code recorder}, {@code ticker}, {@code stubborn} live in {@code kinds/<kind>.py}, and a runtime.
 * The kinds agree because each matches the same trace.
 */
@Timeout(120)
abstract class CoroutineContract {

    /** {@code native}, {@code python_class} or {@code java}. */
    abstract String kind();

    abstract ScenarioRuntime runtime();

    private String factories() {
        try (InputStream in = CoroutineContract.class.getResourceAsStream("/io/github/asyncgraalpy/coroutine/kinds/" + kind() + ".py")) {
            if (in == null) {
                throw new IllegalStateException("no factories for the kind " + kind());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String HELPERS = """
            import asyncio
            trace = []

            def error_of(call):
                try:
                    call()
                except BaseException as error:
                    return f"{type(error).__name__}: {error}"
                return "no error"
            """;

    /**
     * The expected trace where GraalPy's own {@code async def} coroutines differ from CPython's: the difference is
     * declared here with its reason and printed when it applies, never absorbed silently.
     */
    private String graalPyNativeDiffers(String cpython, String graalPyNative, String reason) {
        if (kind().equals("native") && runtime() == ScenarioRuntime.GRAALPY) {
            System.out.println("[known GraalPy difference] " + reason);
            return graalPyNative;
        }
        return cpython;
    }

    /** Runs {@code scenario} (which appends to {@code trace}) with this kind's factories and checks the trace. */
    private void assertTrace(String expected, String scenario) {
        assertEquals(expected, runtime().traceOf(factories() + "\n" + HELPERS + "\n" + scenario));
    }

    @Test
    void awaitEvaluatesToTheReturnedValue() {
        assertTrace("['r', 'x', None]", """
                async def main():
                    trace.extend([await countdown(0, 'r'), await countdown(3, 'x'), await countdown(1, None)])
                asyncio.run(main())
                """);
    }

    @Test
    void stepByStepEachYieldThenStopIterationThenNoReuse() {
        assertTrace("['yield None', 'yield None', \"return 'end'\", 'RuntimeError: cannot reuse already awaited coroutine']", """
                steps = countdown(2, 'end')
                trace.append(f'yield {steps.send(None)}')
                trace.append(f'yield {steps.send(None)}')
                try:
                    steps.send(None)
                except StopIteration as stop:
                    trace.append(f'return {stop.value!r}')
                trace.append(error_of(lambda: steps.send(None)))
                """);
    }

    @Test
    void aJustStartedCoroutineAcceptsOnlyNone() {
        assertTrace(graalPyNativeDiffers("[\"TypeError: can't send non-None value to a just-started coroutine\", 'yield None']",
                "[\"TypeError: can't send non-None value to a just-started generator\", 'yield None']",
                "GraalPy 25.0's own coroutine objects word this error as for generators; CPython, and our Java and Python"
                        + " class coroutines, say 'coroutine'. Same type, same behaviour."), """
                steps = countdown(1, 'x')
                trace.append(error_of(lambda: steps.send(42)))
                trace.append(f'yield {steps.send(None)}')
                steps.close()
                """);
    }

    @Test
    void everyAsyncioEntryPointAcceptsIt() {
        assertTrace("[True, 'run', 'task', ['g1', 'g2'], 'wait', 'wait_for', 'timeout', 'shield', ['c1', 'c2'], 'group', 'future']", """
                probe = countdown(0, None)
                trace.append(asyncio.iscoroutine(probe))
                probe.close()
                trace.append(asyncio.run(countdown(1, 'run')))
                async def main():
                    trace.append(await asyncio.create_task(countdown(2, 'task')))
                    trace.append(await asyncio.gather(countdown(1, 'g1'), countdown(0, 'g2')))
                    done, _ = await asyncio.wait([asyncio.ensure_future(countdown(1, 'wait'))])
                    trace.append(done.pop().result())
                    trace.append(await asyncio.wait_for(countdown(3, 'wait_for'), 5))
                    async with asyncio.timeout(5):
                        trace.append(await countdown(2, 'timeout'))
                    trace.append(await asyncio.shield(countdown(1, 'shield')))
                    trace.append(sorted([await next_done for next_done in asyncio.as_completed([countdown(2, 'c2'), countdown(0, 'c1')])]))
                    async with asyncio.TaskGroup() as group:
                        grouped = group.create_task(countdown(1, 'group'))
                    trace.append(grouped.result())
                    trace.append(await asyncio.ensure_future(countdown(0, 'future')))
                asyncio.run(main())
                """);
    }

    @Test
    void anExceptionAfterEachNumberOfSuspensionsReachesTheAwaiter() {
        assertTrace("[(0, 'ValueError', 'after 0'), (1, 'ValueError', 'after 1'), (3, 'ValueError', 'after 3')]", """
                async def main():
                    for n in (0, 1, 3):
                        try:
                            await failing(n, 'ValueError', f'after {n}')
                        except ValueError as error:
                            trace.append((n, type(error).__name__, str(error)))
                asyncio.run(main())
                """);
    }

    @Test
    void failuresTravelThroughGatherAndTaskGroup() {
        assertTrace("['TimeoutError: too slow', 'ok', 'ExceptionGroup', ['KeyError'], True]", """
                async def main():
                    results = await asyncio.gather(failing(1, 'TimeoutError', 'too slow'), countdown(2, 'ok'), return_exceptions=True)
                    trace.extend([f'{type(results[0]).__name__}: {results[0]}', results[1]])
                    try:
                        async with asyncio.TaskGroup() as group:
                            group.create_task(failing(1, 'KeyError', 'missing'))
                            sibling = group.create_task(countdown(1_000_000, 'never'))
                    except ExceptionGroup as errors:
                        trace.extend([type(errors).__name__, [type(e).__name__ for e in errors.exceptions], sibling.cancelled()])
                asyncio.run(main())
                """);
    }

    @Test
    void cancellationAtEverySuspensionPoint() {
        assertTrace("[(0, [], True), (1, ['send None', 'throw CancelledError'], True),"
                + " (2, ['send None', 'send None', 'throw CancelledError'], True),"
                + " (3, ['send None', 'send None', 'send None', 'throw CancelledError'], True)]", """
                async def main():
                    for steps in range(4):
                        coroutine, events = recorder(5, 'never')
                        task = asyncio.create_task(coroutine)
                        for _ in range(steps):
                            await asyncio.sleep(0)
                        task.cancel()
                        try:
                            await task
                        except asyncio.CancelledError:
                            pass
                        trace.append((steps, events(), task.cancelled()))
                asyncio.run(main())
                """);
    }

    @Test
    void aCoroutineMaySuppressItsCancellation() {
        assertTrace("['suppressed', False, 1, 'finished']", """
                async def main():
                    task = asyncio.create_task(stubborn(5))
                    await asyncio.sleep(0)
                    task.cancel()
                    trace.extend([await task, task.cancelled(), task.cancelling()])
                    trace.append(await stubborn(2))
                asyncio.run(main())
                """);
    }

    @Test
    void timeoutsCancelTheCoroutine() {
        assertTrace("['wait_for', 'throw CancelledError', 'timeout', 'throw CancelledError']", """
                async def main():
                    coroutine, events = recorder(10_000_000, 'never')
                    try:
                        await asyncio.wait_for(coroutine, 0.01)
                    except TimeoutError:
                        trace.extend(['wait_for', events()[-1]])
                    coroutine, events = recorder(10_000_000, 'never')
                    try:
                        async with asyncio.timeout(0.01):
                            await coroutine
                    except TimeoutError:
                        trace.extend(['timeout', events()[-1]])
                asyncio.run(main())
                """);
    }

    @Test
    void cancellingAndUncancelCountAsForAnyTask() {
        assertTrace("[1, 2, 1, True]", """
                async def main():
                    coroutine, events = recorder(5, 'never')
                    task = asyncio.create_task(coroutine)
                    await asyncio.sleep(0)
                    task.cancel()
                    trace.append(task.cancelling())
                    task.cancel()
                    trace.append(task.cancelling())
                    trace.append(task.uncancel())
                    try:
                        await task
                    except asyncio.CancelledError:
                        trace.append(task.cancelled())
                asyncio.run(main())
                """);
    }

    @Test
    void anExceptionThrownInGoesToTheHookAndOnToTheCaller() {
        assertTrace("['ValueError: thrown in', ['send None', 'throw ValueError'],"
                + " 'RuntimeError: cannot reuse already awaited coroutine']", """
                coroutine, events = recorder(3, 'never')
                coroutine.send(None)
                trace.append(error_of(lambda: coroutine.throw(ValueError('thrown in'))))
                trace.append(events())
                trace.append(error_of(lambda: coroutine.send(None)))
                """);
    }

    @Test
    void throwingIntoAJustStartedCoroutineRaisesWithoutRunningIt() {
        assertTrace("['KeyError: 7', [], 'RuntimeError: cannot reuse already awaited coroutine']", """
                coroutine, events = recorder(3, 'never')
                trace.append(error_of(lambda: coroutine.throw(KeyError(7))))
                trace.append(events())
                trace.append(error_of(lambda: coroutine.send(None)))
                """);
    }

    @Test
    void closeRunsCleanupOnlyWhenSuspendedAndEndsTheCoroutine() {
        assertTrace("[[], 'RuntimeError: cannot reuse already awaited coroutine', ['send None', 'close'],"
                + " 'RuntimeError: cannot reuse already awaited coroutine', ['send None', 'close']]", """
                unstarted, events = recorder(3, 'never')
                unstarted.close()
                trace.append(events())
                trace.append(error_of(lambda: unstarted.send(None)))
                started, events = recorder(3, 'never')
                started.send(None)
                started.close()
                trace.append(events())
                trace.append(error_of(lambda: started.send(None)))
                started.close()
                trace.append(events())
                """);
    }

    @Test
    void gatherInterleavesOneStepEachInTurn() {
        assertTrace("['a 0', 'b 0', 'c 0', 'a 1', 'c 1', 'a 2', ['a', 'b', 'c']]", """
                async def main():
                    results = await asyncio.gather(ticker('a', 3, trace), ticker('b', 1, trace), ticker('c', 2, trace))
                    trace.append(results)
                asyncio.run(main())
                """);
    }

    @Test
    void aYieldThatIsNotAFutureIsRefusedByTheTask() {
        assertTrace("['RuntimeError']", """
                class YieldsJunk:
                    def __await__(self):
                        yield 'junk'
                async def main():
                    await countdown(1, None)
                    await YieldsJunk()
                trace.append(error_of(lambda: asyncio.run(main())).split(':')[0])
                """);
    }
}
