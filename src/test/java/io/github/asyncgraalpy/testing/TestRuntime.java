package io.github.asyncgraalpy.testing;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import java.util.Optional;

/**
 * The runtime the library's tests run in: the library's sandbox, asked through its builder for one thing more, that
 * Python may look up the tests' own Java classes ({@code testing.pythonfacing}) with {@code java.type}. It stands to
 * the library's tests as {@code ExampleRuntime} stands to the examples, so that those tests need none of the apps
 * built on the library. One per test JVM, never closed: its engine's warm-up is paid once, by the first context.
 */
public final class TestRuntime {

    /** The package of the Java classes the tests' Python looks up by name. */
    public static final String PYTHON_FACING = TestRuntime.class.getPackageName() + ".pythonfacing";

    private static volatile GraalPyRuntime runtime;

    private TestRuntime() {}

    /** The test JVM's runtime, built by the first test that asks. */
    public static GraalPyRuntime shared() {
        GraalPyRuntime built = runtime;
        if (built != null) {
            return built;
        }
        synchronized (TestRuntime.class) {
            if (runtime == null) {
                runtime = GraalPyRuntime.builder().pythonMayLookUpPackages(PYTHON_FACING).build();
            }
            return runtime;
        }
    }

    /** The runtime if a test built it; a report after the suite asks this, so as not to build one for nothing. */
    public static Optional<GraalPyRuntime> ifBuilt() {
        return Optional.ofNullable(runtime);
    }
}
