package io.github.asyncgraalpy.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.runner.CPython;
import io.github.asyncgraalpy.runner.Column;
import io.github.asyncgraalpy.runner.Comparison;
import io.github.asyncgraalpy.runner.GraalPyColumns;
import io.github.asyncgraalpy.runner.Outcome;
import io.github.asyncgraalpy.runner.PairedExample;
import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
    private static final CPython CPYTHON = CPython.find("python3");
    private static GraalPyColumns graalPy;

    @BeforeAll
    static void createContext() {
        graalPy = new GraalPyColumns(GraalPyRuntime.shared());
    }

    @AfterAll
    static void closeContext() {
        graalPy.close();
    }

    /** The output each chapter must print, written down from the tutorial, not from a run. */
    static Stream<Arguments> chapters() {
        return Stream.of(
                Arguments.of("await_under_the_hood", "foo is being called\nResult of our coroutine: 'hello'\n"),
                Arguments.of("coroutine_remake", "my_coroutine returned with: 'foo'\nMyCoroutineCopy returned with: 'foo'\n"),
                Arguments.of("native_awaitable", String.join("\n",
                        "await my_coroutine() -> 'Ended'",
                        "asyncio.ensure_future(my_coroutine()) -> Task with result 'Ended'",
                        "asyncio.create_task(my_coroutine()) -> TypeError",
                        "asyncio.run(my_coroutine()) -> ValueError",
                        "")));
    }

    private static PairedExample example(String name) {
        return new PairedExample(name, SCRIPTS.resolve(name + ".py"));
    }

    private static void assertPrinted(String expected, Outcome outcome) {
        assertEquals(Outcome.Status.OK, outcome.status(), outcome::detail);
        assertEquals(expected, outcome.stdout());
    }

    @ParameterizedTest(name = "{0}: the script on GraalPy")
    @MethodSource("chapters")
    void scriptOnGraalPy(String name, String expected) {
        assertPrinted(expected, graalPy.runScript(example(name)));
    }

    @ParameterizedTest(name = "{0}: the Java twin on GraalPy")
    @MethodSource("chapters")
    void javaTwinOnGraalPy(String name, String expected) {
        assertPrinted(expected, graalPy.runTwin(example(name)));
    }

    @ParameterizedTest(name = "{0}: the script on CPython")
    @MethodSource("chapters")
    void scriptOnCPython(String name, String expected) {
        assumeTrue(CPYTHON.available(), "python3 3.11+ is not installed: the CPython column cannot be checked here");
        assertPrinted(expected, CPYTHON.run(example(name).script()));
    }

    @ParameterizedTest(name = "{0}: all runtimes agree")
    @MethodSource("chapters")
    void allRuntimesAgree(String name, String expected) {
        PairedExample example = example(name);
        Map<Column, Outcome> outcomes = new EnumMap<>(Column.class);
        outcomes.put(Column.CPYTHON, CPYTHON.run(example.script()));
        outcomes.put(Column.GRAALPY_PYTHON, graalPy.runScript(example));
        outcomes.put(Column.GRAALPY_JAVA_TWIN, graalPy.runTwin(example));
        Comparison comparison = new Comparison(example, outcomes);
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
