package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.coroutine.IterNextOutput;
import io.github.asyncgraalpy.coroutine.PythonIterator;
import io.github.asyncgraalpy.runtime.PythonContext;
import org.graalvm.polyglot.Value;

/**
 * Twin of {@code py-scripts/await_under_the_hood.py}: Java awaits a Python coroutine by hand, the four steps of
 * the tutorial's Rust {@code await_foo}: call {@code foo()}, {@code __await__()}, {@code __iter__()}, then
 * {@code __next__} until {@code StopIteration}, whose value is the result.
 */
public final class AwaitUnderTheHood implements JavaTwin {

    static final String FOO = """
            async def foo():
                print("foo is being called")
                return "hello"
            """;

    @Override
    public void run(PythonContext python, PythonHalf script) {
        Value foo = python.runScript(FOO, "await_under_the_hood (Java twin)").getHashValue("foo");

        Value coroutine = python.call(foo);                                    // 1. foo()
        Value awaitIterator = python.call(coroutine.getMember("__await__"));   // 2. __await__()
        PythonIterator steps = PythonIterator.of(python,
                python.call(awaitIterator.getMember("__iter__")));             // 3. __iter__()
        int suspensions = 0;
        IterNextOutput output;
        while ((output = steps.next()) instanceof IterNextOutput.Yield) {      // 4. __next__ until StopIteration
            suspensions++;
        }
        Value result = (Value) output.value();
        JavaTwin.print(python, "Result of our coroutine: " + python.repr(result));

        JavaTwin.check(result.isString() && result.asString().equals("hello"), "result was " + result);
        JavaTwin.check(suspensions == 0, "foo() never waits, so it must finish on the first __next__");
    }
}
