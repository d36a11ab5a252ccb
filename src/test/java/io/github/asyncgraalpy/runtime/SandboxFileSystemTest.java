package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a script sees of files and signals through {@link SandboxFileSystem} and the bootstrap's guards: GraalPy's
 * home read-only, an empty working directory, nothing else; every refusal an ordinary exception, the context usable
 * after it.
 */
@Timeout(120)
class SandboxFileSystemTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static final String A_PRECOMPILED_FILE = "__import__('importlib.util').util.cache_from_source(__import__('asyncio.base_events').base_events.__file__)";

    @AfterEach
    void contextStillUsable() {
        assertEquals(4, python.context().eval("2 + 2").asInt());
    }

    /** Runs {@code code}, which must raise; returns the type name of what it raised, caught with {@code except Exception}. */
    private static String raised(String code) {
        List<String> caught = python.raised("import os, sys, signal, _signal, tempfile\n" + code, "Exception");
        assertFalse(caught.isEmpty(), () -> "not refused: " + code);
        return caught.get(0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        // reading outside GraalPy's home
        "open('/etc/passwd')                                         | PermissionError",
        "os.stat('/etc')                                             | PermissionError",
        "os.listdir('/')                                             | PermissionError",
        "os.listdir(sys.prefix + '/../..')                           | PermissionError",
        "os.listdir('../root/.cache')                                | PermissionError",
        "open(sys.prefix + '/../../../engine/x')                     | PermissionError",
        "os.stat('/etc/lib/python3.12/asyncio/__pycache__/base_events.graalpy250-312.pyc') | PermissionError",
        // the working directory: empty, read-only
        "open('missing.txt')                                         | FileNotFoundError",
        "open('/sandbox/missing.txt')                                | FileNotFoundError",
        "os.listdir('/sandbox/sub')                                  | FileNotFoundError",
        "open('/sandbox')                                            | IsADirectoryError",
        "os.chdir('/')                                               | FileNotFoundError",
        "tempfile.mkstemp()                                          | FileNotFoundError",
        // writing anywhere
        "open('x.txt', 'w')                                          | PermissionError",
        "open(os.__file__, 'a')                                      | PermissionError",
        "os.mkdir('made')                                            | PermissionError",
        "os.remove(os.__file__)                                      | PermissionError",
        "os.rename(os.__file__, 'stolen.py')                         | PermissionError",
        "os.chmod(os.__file__, 0o777)                                | PermissionError",
        // signals belong to the host
        "signal.signal(signal.SIGTERM, print)                        | ValueError",
        "_signal.signal(signal.SIGINT, signal.SIG_IGN)               | ValueError",
        "signal.set_wakeup_fd(-1)                                    | ValueError",
        "signal.raise_signal(signal.SIGTERM)                         | PermissionError",
        "signal.alarm(1)                                             | PermissionError",
        "signal.setitimer(signal.ITIMER_REAL, 1)                     | PermissionError",
    })
    void refusedWithAnOrdinaryException(String code, String type) {
        assertEquals(type, raised(code));
    }

    @Test
    void seekingBeforeTheStartOfAPrecompiledFileIsAnOSError() {
        assertEquals("OSError", raised("fd = os.open(" + A_PRECOMPILED_FILE + ", os.O_RDONLY)\nos.lseek(fd, -5, os.SEEK_SET)\nos.read(fd, 10)"));
    }

    @Test
    void whatAScriptMaySee() {
        assertEquals("/sandbox", python.run("import os\ncwd = os.getcwd()", "cwd").asString());
        assertEquals("[]", python.run("import os\nfiles = repr(os.listdir('.'))", "files").asString());
        assertEquals("", python.run("import sys\nread = sys.stdin.read()", "read").asString(), "the host's stdin is not the script's");
        assertFalse(python.run("import os\nwritable = os.access(os.__file__, os.W_OK)", "writable").asBoolean());
        assertEquals(true, python.run("import os, sys\nhome = len(os.listdir(sys.prefix + '/lib/python3.12')) > 100", "home").asBoolean(),
                "GraalPy's standard library is readable");
        assertEquals(true, python.run("import os\nfound = os.path.exists(" + A_PRECOMPILED_FILE + ")", "found").asBoolean(),
                "the precompiled bytecode is where Python looks for it");
    }
}
