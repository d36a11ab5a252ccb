package io.github.asyncgraalpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.runner.CPython;
import io.github.asyncgraalpy.runner.Column;
import io.github.asyncgraalpy.runner.Comparison;
import io.github.asyncgraalpy.runner.GraalPyColumns;
import io.github.asyncgraalpy.runner.Outcome;
import io.github.asyncgraalpy.runner.PairColumns;
import io.github.asyncgraalpy.runner.PairPackages;
import io.github.asyncgraalpy.runner.PairRequirements;
import io.github.asyncgraalpy.runner.PairedExample;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import io.github.asyncgraalpy.testing.CPythonProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each chapter's pair against the output the tutorial shows, on every runtime there is: GraalPy running the script,
 * GraalPy running the Java twin, and CPython when {@code python3} is installed.
 */
@Timeout(180)
class PairedExamplesTest {

    static final Path SCRIPTS = Path.of(System.getProperty("asyncgraalpy.scripts", "py-scripts"));
    /**
     * {@code python3}'s interpreter itself, not a launcher on the PATH that starts it (see {@link CPythonProcess}), in
     * the virtual environment the runner makes for the pairs' requirements.txt (shared with the main job's).
     */
    private static CPython cpython;
    /** A runtime that serves the pairs' packages (http_over_h11 imports h11), as the runner has. */
    private static GraalPyRuntime runtime;
    private static GraalPyColumns graalPy;
    /** The shared columns, and a runtime of its own for a pair that declares its network (tcp_echo, udp_echo, flow_control, tls_round_trip), as the runner has. */
    private static PairColumns columns;

    @BeforeAll
    static void createContext() throws PairPackages.Unusable {
        PairRequirements requirements = PairRequirements.beside(SCRIPTS).orElseThrow();
        PairPackages packages = PairPackages.fromSystemProperties(Path.of(System.getProperty("asyncgraalpy.jvmDir", "target/jvm")), System.out);
        Path folder = packages.forGraalPy(requirements); // installed once per clone, by whichever of the main job or a test comes first
        cpython = packages.forCPython(requirements, CPython.find(CPythonProcess.python3().executable()));
        Supplier<GraalPyRuntime.Builder> runtimes = () -> ExampleRuntime.builder().pythonPackages(folder);
        runtime = runtimes.get().build();
        graalPy = new GraalPyColumns(runtime);
        columns = new PairColumns(graalPy, runtime);
    }

    @AfterAll
    static void closeContext() {
        columns.close();
        graalPy.close();
        runtime.close();
    }

    /**
     * The output each pair must print: the tutorial's chapters as the tutorial shows them, the later examples as
     * CPython's asyncio defines them (the CPython column checks that), written down, not taken from a run.
     */
    static Stream<Arguments> chapters() {
        return Stream.of(
                Arguments.of("await_under_the_hood", "foo is being called\nResult of our coroutine: 'hello'\n"),
                Arguments.of("coroutine_remake", "my_coroutine returned with: 'foo'\nMyCoroutineCopy returned with: 'foo'\n"),
                Arguments.of("native_awaitable", String.join("\n",
                        "await my_coroutine() -> 'Ended'",
                        "asyncio.ensure_future(my_coroutine()) -> Task with result 'Ended'",
                        "asyncio.create_task(my_coroutine()) -> TypeError",
                        "asyncio.run(my_coroutine()) -> ValueError",
                        "")),
                Arguments.of("countdown_awaited", String.join("\n",
                        "asyncio.iscoroutine(countdown(0, None)) -> True",
                        "await countdown(3, 'liftoff') -> 'liftoff'",
                        "create_task(countdown(2, 42)) -> 42",
                        "gather(countdown(2, 'a'), countdown(0, 'b')) -> ['a', 'b']",
                        "wait_for(countdown(5, 'in time'), 1) -> 'in time'",
                        "TaskGroup().create_task(countdown(1, 'grouped')) -> 'grouped'",
                        "asyncio.run(countdown(1, 'done')) -> 'done'",
                        "send(None), send(None) -> [None, None]",
                        "send(None) -> StopIteration('end')",
                        "send(None) again -> RuntimeError: cannot reuse already awaited coroutine",
                        "")),
                Arguments.of("failing_coroutine", String.join("\n",
                        "await failing(2, 'ValueError', 'bad input') -> ValueError: bad input",
                        "gather(..., return_exceptions=True) -> ['TimeoutError', 'fine']",
                        "TaskGroup -> ExceptionGroup of ['KeyError'], sibling cancelled: True",
                        "")),
                Arguments.of("cancelled_cleanup", String.join("\n",
                        "cancelled after two steps: ['send None', 'send None', 'throw CancelledError']",
                        "task.cancelled() -> True",
                        "wait_for timed out; last event: 'throw CancelledError'",
                        "shield(...) -> 'shielded', events: ['send None', 'send None']",
                        "closed after one step: ['send None', 'close']",
                        "send after close -> RuntimeError: cannot reuse already awaited coroutine",
                        "")),
                Arguments.of("gather_interleaving", String.join("\n",
                        "a 0", "b 0", "c 0", "a 1", "c 1", "a 2",
                        "gather -> ['a', 'b', 'c']",
                        "")),
                Arguments.of("iterator_awaited", String.join("\n",
                        "await drain(three words) -> 'drained', interleaved with ['observer 0', 'observer 1', 'observer 2', 'observer 3']",
                        "await drain(no words) -> 'empty'",
                        "an endless iterator is cancelled by wait_for, the loop never blocked",
                        "")),
                Arguments.of("async_for_words", String.join("\n",
                        "left: async", "right: Java", "left: for", "right: iterables", "left: over",
                        "finished: ['left', 'right']",
                        "comprehension: ['WORKS', 'TOO']",
                        "")),
                Arguments.of("async_with_resource", String.join("\n",
                        "inside: database closed=False",
                        "after: closed=True, close calls=1",
                        "after an error: closed=True, close calls=1, error passed on: query failed",
                        "")),
                Arguments.of("sleep_on_a_java_scheduler", String.join("\n",
                        "await sleep(0.05, 'rested') -> 'rested'",
                        "gather(3 sleeps) -> ['slow', 'medium', 'fast'], overlapping: True",
                        "as_completed(3 sleeps) -> ['fast', 'medium', 'slow']",
                        "")),
                Arguments.of("fan_out_futures", String.join("\n",
                        "gathered 1000 results; the sum of the squares below 1000: 332833500",
                        "the first five: [0, 1, 4, 9, 16]",
                        "")),
                Arguments.of("timeout_cancels", String.join("\n",
                        "wait_for(slow(10), 0.05) -> TimeoutError; operation cancelled: True",
                        "asyncio.timeout(0.05) -> TimeoutError; operation cancelled: True",
                        "wait_for(slow(0.01), 1) -> 'in time'; operation cancelled: False",
                        "")),
                Arguments.of("async_def_from_java", String.join("\n",
                        "greet('Ada', 0.01) -> 'Hello, Ada'",
                        "refuse('Bob') -> LookupError: no greeting for Bob",
                        "")),
                Arguments.of("producers_feed_async_for", String.join("\n",
                        "received 100 items from 4 producers; all distinct: True; sum: 4950",
                        "")),
                Arguments.of("publisher_async_for", String.join("\n",
                        "readings: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 (sum 45)",
                        "the producer stopped after the break: True",
                        "never more than 16 readings ahead of the loop: True",
                        "")),
                Arguments.of("generator_subscriber", String.join("\n",
                        "the generator is closed after 7 squares",
                        "received [0, 1, 4, 9, 16, 25, 36]",
                        "produced only what was asked for: True",
                        "")),
                Arguments.of("to_thread_blocking", String.join("\n",
                        "fetched [0, 1, 4, 9], each on a thread of its own",
                        "the loop kept running while they blocked: True",
                        "")),
                Arguments.of("context_across_await", String.join("\n",
                        "callback of request 0",
                        "callback of request 1",
                        "callback of request 2",
                        "request 0 got answer 0",
                        "request 1 got answer 1",
                        "request 2 got answer 2",
                        "and outside the requests: no request",
                        "")),
                Arguments.of("pool_fan_out", String.join("\n",
                        "primes below 40,000 in 4 parts: [1229, 1033, 983, 958], 4,203 in all",
                        "")),
                Arguments.of("http_over_h11", String.join("\n",
                        "h11 0.16.0, from requirements.txt",
                        "GET /greet?name=ada -> 200 'hello, ada'",
                        "POST /shout -> 200 'HELLO OVER H11'",
                        "GET /missing -> 404 'no route for /missing'",
                        "3 requests on one connection; the client's h11 state then: MUST_CLOSE",
                        "the server closed: True",
                        "")),
                Arguments.of("tcp_echo", String.join("\n",
                        "ada sent hello world -> HELLO WORLD",
                        "bob sent async for all -> ASYNC FOR ALL",
                        "cy sent echo -> ECHO",
                        "3 clients served at once; the server closed: True",
                        "")),
                Arguments.of("udp_echo", String.join("\n",
                        "sent 'hello' -> b'HELLO'",
                        "sent 'datagram' -> b'DATAGRAM'",
                        "sent 'world' -> b'WORLD'",
                        "3 datagrams echoed, one at a time; the client endpoint closed: True",
                        "")),
                Arguments.of("flow_control", String.join("\n",
                        "the server reads nothing: pause_writing came with more than 256 KiB buffered: True",
                        "the server reads: resume_writing came with at most 64 KiB buffered: True",
                        "the server received every byte written: True; every pause had its resume: True",
                        "")),
                Arguments.of("tls_round_trip", String.join("\n",
                        "sent 'hello' -> b'HELLO\\n'",
                        "sent 'over tls' -> b'OVER TLS\\n'",
                        "sent 'world' -> b'WORLD\\n'",
                        "TLSv1.3 with 'localhost', verified against the shipped certificate; server_side=False",
                        "3 lines over TLS, one at a time; the client closed: True",
                        "")));
    }

    /**
     * Each pair's outcome on each runtime, run once: the per-runtime tests and the agreement test read the same runs
     * (running every pair twice on each runtime cost a quarter of the suite and checked nothing more).
     */
    private static final Map<String, Outcome> OUTCOMES = new java.util.concurrent.ConcurrentHashMap<>();

    private static PairedExample example(String name) {
        return new PairedExample(name, SCRIPTS.resolve(name + ".py"));
    }

    private static Outcome outcome(String name, Column column) {
        return OUTCOMES.computeIfAbsent(name + " on " + column, key -> {
            PairedExample example = example(name);
            if (column.equals(Column.CPYTHON)) {
                return cpython.run(example.script());
            }
            return column.equals(Column.GRAALPY_PYTHON) ? columns.runScript(example) : columns.runTwin(example);
        });
    }

    private static void assertPrinted(String expected, Outcome outcome) {
        assertEquals(Outcome.Status.OK, outcome.status(), outcome::detail);
        assertEquals(expected, outcome.stdout());
    }

    @ParameterizedTest(name = "{0}: the script on GraalPy")
    @MethodSource("chapters")
    void scriptOnGraalPy(String name, String expected) {
        assertPrinted(expected, outcome(name, Column.GRAALPY_PYTHON));
    }

    @ParameterizedTest(name = "{0}: the Java twin on GraalPy")
    @MethodSource("chapters")
    void javaTwinOnGraalPy(String name, String expected) {
        assertPrinted(expected, outcome(name, Column.GRAALPY_JAVA_TWIN));
    }

    @ParameterizedTest(name = "{0}: the script on CPython")
    @MethodSource("chapters")
    void scriptOnCPython(String name, String expected) {
        assumeTrue(cpython.available(), "python3 3.11+ is not installed: the CPython column cannot be checked here");
        assertPrinted(expected, outcome(name, Column.CPYTHON));
    }

    @ParameterizedTest(name = "{0}: all runtimes agree")
    @MethodSource("chapters")
    void allRuntimesAgree(String name, String expected) {
        Map<Column, Outcome> outcomes = new java.util.LinkedHashMap<>();
        for (Column column : List.of(Column.CPYTHON, Column.GRAALPY_PYTHON, Column.GRAALPY_JAVA_TWIN)) {
            outcomes.put(column, outcome(name, column));
        }
        Comparison comparison = new Comparison(example(name), outcomes);
        assertEquals(List.of(), comparison.differences());
        assertEquals(true, comparison.agree());
    }

    @Test
    void everyScriptHasAJavaTwinAndEveryChapterIsCovered() {
        List<PairedExample> examples = PairedExample.discover(SCRIPTS);
        for (PairedExample example : examples) {
            example.newTwin();
        }
        assertEquals(chapters().map(arguments -> (String) arguments.get()[0]).sorted().toList(),
                examples.stream().map(PairedExample::name).toList(),
                "a new script needs its expected output in chapters()");
    }
}
