package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A C extension module, reached by any route, raises an ordinary {@code ImportError} that names it and says that the
 * sandbox denies native code, with {@code name} set; GraalPy's own report was a {@code SystemError} about a second
 * context that did not exist. Under that, {@link SandboxFileSystem} refuses GraalPy's C API library to any route that
 * gets past the Python half, before GraalPy marks the JVM's native extensions as taken.
 */
@Timeout(120)
class NativeModulesTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    @AfterEach
    void contextStillUsable() {
        assertEquals(4, python.context().eval("2 + 2").asInt());
    }

    static String deniedMessage(String module) {
        return "the module '" + module + "' needs native code (it is a C extension), and native code is denied in this"
                + " GraalPy sandbox (see docs/security.md)";
    }

    /** Runs {@code code} inside {@code try/except ImportError}; returns the type, message and {@code name} it raised. */
    private static List<String> importError(String code) {
        return python.run(String.join("\n",
                "try:",
                code.indent(4).stripTrailing(),
                "except ImportError as error:",
                "    caught = [type(error).__name__, str(error), str(error.name)]",
                "else:",
                "    caught = []"), "caught").as(List.class).stream().map(Object::toString).toList();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "_sqlite3             | import sqlite3",
        "termios              | import termios",
        "termios              | import tty",
        "termios              | import pty",
        "termios              | import importlib; importlib.import_module('termios')",
        "_sqlite3             | import importlib.util as u; u.module_from_spec(u.find_spec('_sqlite3'))",
        "_sqlite3             | import importlib.machinery as m, importlib.util as u; s = u.find_spec('_sqlite3'); m.ExtensionFileLoader('_sqlite3', s.origin).create_module(s)",
        "made_up              | import _imp, importlib.machinery as m; _imp.create_dynamic(m.ModuleSpec('made_up', None, origin='/sandbox/made_up.so'))",
        "_cpython_unicodedata | import stringprep",
        "_cpython_unicodedata | import unicodedata; unicodedata.lookup('LATIN SMALL LETTER A')",
    })
    void aNativeModuleRaisesAnImportErrorNamingIt(String module, String code) {
        assertEquals(List.of("ImportError", deniedMessage(module), module), importError(code.replace("; ", "\n")));
    }

    @Test
    void ctypesSaysItNeedsNativeCode() {
        List<String> caught = importError("import ctypes");
        assertEquals("ImportError", caught.get(0));
        assertTrue(caught.get(1).startsWith("the module 'ctypes' needs native code"), caught::toString);
        assertEquals("ctypes", caught.get(2));
    }

    @Test
    void aModuleThatIsNotThereIsStillModuleNotFound() {
        assertEquals(List.of("ModuleNotFoundError", "No module named 'no_such_module'", "no_such_module"),
                importError("import no_such_module"));
    }

    /**
     * {@code _ctypes.Py_INCREF} reaches GraalPy's C API loader without {@code _imp.create_dynamic}: the file system
     * refuses the C API library there, so no native code loads, and GraalPy's JVM-wide flag stays untouched: a second
     * attempt fails the same way, not with GraalPy's "second GraalPy context" SystemError that the flag gives.
     */
    @Test
    void aRoutePastThePythonHalfMeetsTheFileSystemsRefusal() {
        for (int attempt = 0; attempt < 2; attempt++) {
            List<String> caught = python.raised("import _ctypes\n_ctypes.Py_INCREF(1)", "Exception");
            assertEquals("SystemError", caught.get(0), caught::toString);
            assertTrue(caught.get(1).contains("libpython-native.so: native code is denied in this GraalPy sandbox"), caught::toString);
            assertFalse(caught.get(1).contains("IsolateNativeModules"), caught::toString);
        }
    }

    @Test
    void nativeLibrariesAreListedButNotOpened() {
        List<String> caught = python.raised(String.join("\n",
                "import os, sys",
                "folder = os.path.dirname(os.__file__) + '/../../lib/graalpy25.0'",
                "assert 'libpython-native.so' in os.listdir(folder), os.listdir(folder)",
                "open(folder + '/libpython-native.so', 'rb')"), "Exception");
        assertEquals("PermissionError", caught.get(0), caught::toString);
    }
}
