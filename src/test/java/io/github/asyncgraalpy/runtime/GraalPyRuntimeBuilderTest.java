package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A runtime of the embedder's: their packages visible to Python's java.type, nothing of the platform's. */
@Timeout(120)
class GraalPyRuntimeBuilderTest {

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"java.lang", "java", "javax.script", "jdk.internal.misc", "sun.misc", "com.sun.net.httpserver", "org.graalvm.polyglot"})
    void platformPackagesCannotBeOpenedToPython(String name) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GraalPyRuntime.builder().pythonMayLookUpPackages(name));
        assertTrue(error.getMessage().startsWith(name + " is a platform package ("), error.getMessage());
    }

    @ParameterizedTest(name = "''{0}'' is no package name")
    @ValueSource(strings = {"", "com..example", "com.example.", "1com", "com.example.*", " com"})
    void whatIsNoPackageNameIsRefused(String name) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GraalPyRuntime.builder().pythonMayLookUpPackages(name));
        assertEquals("not a package name: '" + name + "'", error.getMessage());
    }

    @Test
    void anEmbeddersPackageIsVisibleToPythonAndNothingMoreIs() {
        try (GraalPyRuntime runtime = GraalPyRuntime.builder().pythonMayLookUpPackages("io.github.asyncgraalpy.testing").build();
                PythonContext python = runtime.newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())) {
            assertTrue(python.eval("import java\njava.is_symbol(java.type('io.github.asyncgraalpy.testing.SharedPythonContext'))").asBoolean());
            assertEquals("denied", python.eval(String.join("\n",
                    "import java",
                    "try:",
                    "    java.type('io.github.asyncgraalpy.testingother.X')",
                    "    java.type('io.github.asyncgraalpy.runtime.GraalPyRuntime')",
                    "    outcome = 'looked up'",
                    "except KeyError:",
                    "    outcome = 'denied'",
                    "outcome")).asString(), "a name that only starts like the package, and the project's runtime, stay hidden");
            assertTrue(python.eval("import java\njava.is_symbol(java.type('io.github.asyncgraalpy.coroutine.PyCoroutine'))").asBoolean(),
                    "the project's Python-facing packages are still there");
        }
    }
}
