package io.github.asyncgraalpy.examples;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;

/**
 * The runtime the examples run in: the library's sandbox, asked through its builder for one thing more, that Python
 * may look up this package with {@code java.type} (the twins hand their scripts Java classes by name). The runner,
 * the benchmarks and the tests share it, as an application would share its own.
 */
public final class ExampleRuntime {

    private static GraalPyRuntime shared;

    private ExampleRuntime() {}

    /** The process-wide example runtime, built on first use (or again after it was closed). */
    public static synchronized GraalPyRuntime shared() {
        if (shared == null || shared.isClosed()) {
            shared = builder().build();
        }
        return shared;
    }

    /** A builder of runtimes like the shared one, for a run that needs one thing more (a network grant). */
    public static GraalPyRuntime.Builder builder() {
        return GraalPyRuntime.builder().pythonMayLookUpPackages(ExampleRuntime.class.getPackageName());
    }

    /** Closes the shared example runtime, if one was built; contexts still open are closed with it. */
    public static synchronized void close() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }
}
