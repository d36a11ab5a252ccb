package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A runtime of the embedder's: their packages visible to Python's java.type, nothing of the platform's. */
@Timeout(120)
class GraalPyRuntimeBuilderTest {

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"java.lang", "java", "javax.script", "jdk.internal.misc", "sun.misc", "com.sun.net.httpserver", "org.graalvm.polyglot",
        "com.oracle.truffle.api", "org", "com", "org.graalvm"})
    void platformPackagesAndWhatHoldsThemCannotBeOpenedToPython(String name) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GraalPyRuntime.builder().pythonMayLookUpPackages(name));
        assertTrue(error.getMessage().startsWith(name + " is or holds a platform package ("), error.getMessage());
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"io.github.asyncgraalpy.runtime", "io.github.asyncgraalpy.bridge.internal", "io.github.asyncgraalpy.internal",
        "io.github.asyncgraalpy", "io.github", "io"})
    void theLibrarysOwnPackagesAndWhatHoldsThemCannotBeOpenedToPython(String name) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GraalPyRuntime.builder().pythonMayLookUpPackages(name));
        assertTrue(error.getMessage().startsWith(name + " is or holds one of the library's own packages ("), error.getMessage());
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

    @Test
    void aRuntimeWithANetworkGrantsItsContextsAloneAndClosingItLeavesTheEngine() {
        String listen = String.join("\n",
                "import asyncio",
                "async def listen():",
                "    try:",
                "        server = await asyncio.start_server(lambda reader, writer: writer.close(), '127.0.0.1', 0)",
                "        server.close()",
                "        return 'allowed'",
                "    except PermissionError:",
                "        return 'PermissionError'",
                "asyncio.run(listen())");
        GraalPyRuntime base = TestRuntime.shared();
        GraalPyRuntime networked = base.withNetwork(NetworkPolicy.none().listeningOn("127.0.0.1:0"));
        try (PythonContext granted = networked.newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
                PythonContext other = base.newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())) {
            assertEquals("allowed", granted.eval(listen).asString());
            assertEquals("PermissionError", other.eval(listen).asString(), "the engine's other contexts keep their own policy");
        }
        networked.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> networked.newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream()));
        assertEquals("the runtime is closed: it makes no more contexts", refused.getMessage());
        assertFalse(base.isClosed());
        try (PythonContext after = base.newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())) {
            assertEquals(2, after.eval("1 + 1").asInt(), "the engine is its owner's, open after the runtime on it closed");
        }
    }

    @ParameterizedTest(name = "engine option {0} is refused")
    @ValueSource(strings = {"python.CatchAllExceptions", "python.PosixModuleBackend", "engine", "log.file", "sandbox.MaxCPUTime",
        "engine.CompilationFailureAction", "engine.CompileImmediately", "engine.RelaxStaticObjectSafetyChecks", "engine.TraceStackTraceInterval",
        "compiler.DiagnoseFailure"})
    void onlyStableTuningOptionsReachTheEngine(String key) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GraalPyRuntime.builder().engineOption(key, "x"));
        assertEquals("the engine option " + key + " is not one an application may set: only engine.WarnInterpreterOnly, engine.Compilation,"
                + " engine.CompilerThreads, engine.BackgroundCompilation, engine.Mode, engine.MultiTier (the sandbox sets the rest)",
                error.getMessage());
    }

    @Test
    void theContextsGetTheRuntimesStreamsGrantsAndClassesAndTheEngineItsTuning() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GraalPyRuntime runtime = GraalPyRuntime.builder()
                .pythonMayLookUpClasses(SharedPythonContext.class)
                .engineOption("engine.WarnInterpreterOnly", "false")
                .defaultGrants(Sandbox.Grant.PYTHON_THREADS)
                .output(out, OutputStream.nullOutputStream())
                .build();
                PythonContext python = runtime.newContext()) {
            python.eval(String.join("\n",
                    "import java, threading",
                    "java.type('io.github.asyncgraalpy.testing.SharedPythonContext')",
                    "try:",
                    "    java.type('io.github.asyncgraalpy.testing.TestRuntime')",
                    "except KeyError:",
                    "    print('its neighbour stays hidden')",
                    "worker = threading.Thread(target=lambda: print('a Python thread, granted by default'))",
                    "worker.start()",
                    "worker.join()"));
            python.flush();
            assertEquals("its neighbour stays hidden\na Python thread, granted by default\n", out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void whateverIsOpenedThePlatformsAndTheLibrarysOwnClassesStayTheSandboxsToDecide() {
        HostLookup opened = new HostLookup(java.util.List.of("org.", "io."), java.util.Set.of("java.lang.Runtime"), java.util.Optional.empty());
        assertTrue(opened.mayLookUp("org.example.Thing"), "what was opened");
        assertFalse(opened.mayLookUp("org.graalvm.polyglot.Context"));
        assertFalse(opened.mayLookUp("java.lang.Runtime"));
        assertFalse(opened.mayLookUp("io.github.asyncgraalpy.bridge.internal.Submission"));
        assertTrue(opened.mayLookUp("io.github.asyncgraalpy.coroutine.PyAwaitable"), "as the library lets Python");
    }

    @Test
    void withoutStreamsOfItsOwnAContextWritesToTheStandardOutputOfTheMomentItIsMade() {
        GraalPyRuntime runtime = TestRuntime.shared(); // built before the standard output changes
        PrintStream original = System.out;
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        System.setOut(new PrintStream(current, true, StandardCharsets.UTF_8));
        try (PythonContext python = runtime.newContext()) {
            python.eval("print('to the standard output of now')");
            python.flush();
        } finally {
            System.setOut(original);
        }
        assertEquals("to the standard output of now\n", current.toString(StandardCharsets.UTF_8));
    }
}
