package io.github.asyncgraalpy.testing;

import io.github.asyncgraalpy.runtime.PythonContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One context per test class (creating one costs seconds), from the tests' {@link TestRuntime}, with Python's output
 * captured per test. Register as {@code @RegisterExtension static final SharedPythonContext python}.
 */
public final class SharedPythonContext implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PythonContext context;

    @Override
    public void beforeAll(ExtensionContext extension) {
        context = TestRuntime.shared().newContext(out, err);
    }

    @Override
    public void beforeEach(ExtensionContext extension) {
        context.flush();
        synchronized (out) {
            out.reset();
        }
        err.reset();
    }

    @Override
    public void afterAll(ExtensionContext extension) {
        if (context != null) {
            context.close();
        }
    }

    public PythonContext context() {
        return context;
    }

    /** Runs statements as a fresh script and returns its namespace. */
    public Value run(String source) {
        return context.runScript(source, "<test>");
    }

    /** Runs statements as a fresh script and returns the value of its variable {@code name}. */
    public Value run(String source, String name) {
        return run(source).getHashValue(name);
    }

    /**
     * Runs {@code code} as a fresh script inside {@code try: … except <caughtAs> as error:}; returns
     * {@code [type name, str(error)]} of what it raised, or an empty list when it raised nothing.
     */
    public List<String> raised(String code, String caughtAs) {
        return raised(context, code, caughtAs);
    }

    /** {@link #raised(String, String)} in a context of the caller's own. */
    public static List<String> raised(PythonContext context, String code, String caughtAs) {
        Value caught = context.runScript(String.join("\n",
                "try:",
                code.indent(4).stripTrailing(),
                "except " + caughtAs + " as error:",
                "    caught = [type(error).__name__, str(error)]",
                "else:",
                "    caught = []"), "<test>").getHashValue("caught");
        return caught.as(List.class).stream().map(Object::toString).toList();
    }

    /** Python's {@code repr(value)}: compares Python values by their text, as Python prints them. */
    public String repr(Value value) {
        return context.repr(value);
    }

    /** Everything Python printed to stdout since the test started. */
    /** What Python wrote to stderr in this test so far (the loop's exception handler reports there). */
    public String stderr() {
        context.flush();
        return err.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    public String stdout() {
        context.flush();
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
