package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every denial is a Python exception that {@code except} can catch, with a clear message, and the context lives on. */
@Timeout(120)
class SandboxTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** Runs {@code code}, which must raise; returns {@code (type name, message)} of what it raised. */
    private static List<String> denial(String code) {
        List<String> caught = python.raised(code, "BaseException");
        assertFalse(caught.isEmpty(), () -> "not denied: " + code);
        return caught;
    }

    @AfterEach
    void contextStillUsable() {
        assertEquals(4, python.context().eval("2 + 2").asInt());
        assertEquals("JavaEventLoop", python.run("import asyncio\nname = type(asyncio.new_event_loop()).__name__", "name").asString());
    }

    @ParameterizedTest(name = "java.type({0}) is denied")
    @CsvSource({
        "java.lang.Runtime",
        "java.lang.ProcessBuilder",
        "java.lang.System",
        "java.lang.Class",
        "io.github.asyncgraalpy.runtime.GraalPyRuntime",
        "io.github.asyncgraalpy.runner.Runner",
        "io.github.asyncgraalpy.bridge.internal.Submission",
        "io.github.asyncgraalpy.bridge.internal.JavaFutures",
        "io.github.asyncgraalpy.coroutine.internal.RaisedError",
        "io.github.asyncgraalpy.runtime.internal.JavaSelector",
    })
    void classLookupOutsideTheAllowedPackagesIsDenied(String className) {
        List<String> error = denial("import java\njava.type('" + className + "')");
        assertEquals("KeyError", error.get(0));
        assertEquals("'host symbol " + className + " is not defined or access has been denied'", error.get(1));
    }

    @Test
    void projectClassesMeantForPythonCanBeLookedUp() {
        assertTrue(python.run("import java\nok = java.is_symbol(java.type('io.github.asyncgraalpy.testing.pythonfacing.Naturals'))", "ok").asBoolean());
        assertTrue(Sandbox.mayLookUp("io.github.asyncgraalpy.coroutine.IterNextOutput"));
        assertTrue(Sandbox.mayLookUp("java.lang.AutoCloseable"), "one of the allowlisted JDK types");
        assertTrue(python.run("import java\ntry:\n    java.type('java.lang.Object')()\nexcept BaseException as error:\n    denied = True\nelse:\n    denied = False",
                "denied").asBoolean(), "an allowlisted type exports no constructor");
        assertFalse(Sandbox.mayLookUp("java.lang.AutoCloseableX"));
        assertFalse(Sandbox.mayLookUp("java.util.Iterators"));
        assertFalse(Sandbox.mayLookUp("io.github.asyncgraalpy.launcher.JvmArgsFile"));
        assertFalse(Sandbox.mayLookUp("io.github.asyncgraalpy.examples.MyCoroutine"),
                "the library names no consumer: the examples ask for their package through GraalPyRuntime.builder()");
        assertFalse(Sandbox.mayLookUp("io.github.asyncgraalpy.testing.pythonfacing.Naturals"),
                "nor its tests' classes: the tests ask for their package through GraalPyRuntime.builder() (TestRuntime)");
    }

    @ParameterizedTest(name = "unexported member {0}")
    @CsvSource({"getClass()", "hashCode()", "result", "toString()"})
    void membersThatAreNotExportedAreInvisible(String member) {
        List<String> error = denial("import java\nobj = java.type('io.github.asyncgraalpy.coroutine.CountingIterator')(0, 'x', True)\nobj." + member);
        assertEquals("AttributeError", error.get(0));
        assertTrue(error.get(1).contains("has no attribute '" + member.replace("()", "") + "'"), error.get(1));
    }

    @Test
    void writingAHostFileIsDeniedAndWritesNothing(@TempDir Path dir) {
        Path file = dir.resolve("written-by-python.txt");
        List<String> error = denial("open(r'" + file + "', 'w').write('x')");
        assertEquals("PermissionError", error.get(0));
        assertEquals("[Errno 13] Permission denied: '" + file + "'", error.get(1));
        assertFalse(Files.exists(file));
    }

    @Test
    void readingAHostFileIsDenied() {
        assertEquals("PermissionError", denial("open('/etc/hostname').read()").get(0));
        assertEquals("PermissionError", denial("import os\nos.listdir('/')").get(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "import socket; socket.socket()                          | PermissionError | [Errno 1] opening a socket is denied in this GraalPy sandbox (see docs/security.md)",
        "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM) | PermissionError | [Errno 1] opening a socket is denied in this GraalPy sandbox (see docs/security.md)",
        "import _socket; _socket.socket()                        | PermissionError | [Errno 1] opening a socket is denied in this GraalPy sandbox (see docs/security.md)",
        "import socket; socket.socketpair()                      | PermissionError | [Errno 1] opening a socket is denied in this GraalPy sandbox (see docs/security.md)",
        "import select; select.select([], [], [], 0)             | PermissionError | [Errno 1] select.select is denied in this GraalPy sandbox (see docs/security.md)",
        "import os; os.system('true')                            | PermissionError | [Errno 1] os.system is denied in this GraalPy sandbox (see docs/security.md)",
        "import subprocess; subprocess.run(['true'])             | PermissionError | [Errno 1] starting a process is denied in this GraalPy sandbox (see docs/security.md)",
        "import threading; threading.Thread(target=print).start() | RuntimeError   | starting a thread (can't start new thread) is denied in this GraalPy sandbox (see docs/security.md)",
        "import _thread; _thread.start_new_thread(print, ())     | RuntimeError    | starting a thread (can't start new thread) is denied in this GraalPy sandbox (see docs/security.md)",
    })
    void networkProcessesAndThreadsAreDeniedWithCatchableErrors(String code, String type, String message) {
        List<String> error = denial(code.replace("; ", "\n"));
        assertEquals(List.of(type, message), error);
    }

    @Test
    void asyncioNetworkingIsRefusedByTheLoopNotByACrash() {
        List<String> error = denial(String.join("\n",
                "import asyncio",
                "async def connect():",
                "    await asyncio.open_connection('127.0.0.1', 9)",
                "asyncio.run(connect())"));
        assertEquals(List.of("PermissionError", "[Errno 1] networking is not allowed: this context has no network"
                + " (GraalPyRuntime.Builder.network)"), error, "without a NetworkPolicy the loop opens no selector at all");
    }
}
