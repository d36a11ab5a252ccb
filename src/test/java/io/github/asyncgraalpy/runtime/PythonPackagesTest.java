package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Python packages from the build ({@link PackageInstaller}: src/test/python/requirements.txt, installed into
 * target/test-python-packages) in a sandboxed context: imported and used, read-only, nothing outside the folder
 * reachable through it, and a package that needs native code refused by name. One runtime for the class, over a copy
 * of the installed folder that the attacks add their links and files to.
 */
@Timeout(120)
class PythonPackagesTest {

    /** What the build installed; the tests read a copy. */
    private static final Path INSTALLED = Path.of("target", "test-python-packages");

    @TempDir
    static Path temporary;
    private static Path tree;
    private static Path outside;
    private static GraalPyRuntime runtime;
    private static PythonContext python;

    @BeforeAll
    static void runtimeWithPackages() throws IOException {
        assertTrue(Files.isDirectory(INSTALLED.resolve("h11")), "the build installs h11 into " + INSTALLED + " (pom.xml, test-python-packages)");
        tree = temporary.resolve("packages");
        copyTree(INSTALLED, tree);
        // A host folder beside the tree, with a secret and a module that tells whether it ever ran.
        outside = Files.createDirectories(temporary.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "host secret");
        Files.writeString(outside.resolve("leaky.py"), "import builtins\nbuiltins.LEAKED = True\n");
        runtime = GraalPyRuntime.builder().pythonPackages(tree).build();
        python = runtime.newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream());
    }

    @AfterAll
    static void close() {
        if (python != null) {
            python.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @AfterEach
    void contextStillUsableAndNothingRanFromOutside() {
        assertEquals(List.of("False", "0.16.0"), strings(python.runScript(
                "import builtins, h11\nresult = [str(hasattr(builtins, 'LEAKED')), h11.__version__]", "<test>").getHashValue("result")));
    }

    /** In a context of its own, so that this is h11's first import there (python_packages.py says why that matters). */
    @Test
    void h11ParsesAnHttpRequestInTheSandbox() {
        List<String> seen;
        try (PythonContext fresh = runtime.newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream())) {
            seen = strings(fresh.runScript(String.join("\n",
                "import h11",
                "server = h11.Connection(h11.SERVER)",
                "server.receive_data(b'GET /hello HTTP/1.1\\r\\nHost: example.com\\r\\n\\r\\n')",
                "request = server.next_event()",
                "reply = server.send(h11.Response(status_code=200, headers=[('Content-Length', '2')]))",
                "result = [type(request).__name__, request.method.decode(), request.target.decode(), reply.decode().splitlines()[0],",
                "          h11.__file__, h11.__spec__.cached]"), "<test>").getHashValue("result"));
        }
        assertEquals(List.of("Request", "GET", "/hello", "HTTP/1.1 200 ", "/python-packages/h11/__init__.py",
                "/python-packages/h11/__pycache__/__init__.graalpy250-312.pyc"), seen);
    }

    @Test
    void thePackagesComePrecompiledAndAfterTheStandardLibrary() {
        List<String> seen = strings(python.runScript(String.join("\n",
                "import os, sys, h11",
                "with open(h11.__spec__.cached, 'rb') as pyc:",
                "    flags = int.from_bytes(pyc.read(8)[4:8], 'little')",
                "result = [str(flags), str(sys.path[-1]), str(sys.path.index('/python-packages') > sys.path.index(os.path.dirname(os.__file__)))]"),
                "<test>").getHashValue("result"));
        // PEP 552 flags 0b11: a checked-hash .pyc, made by the installer; the folder comes after the standard library.
        assertEquals(List.of("3", "/python-packages", "True"), seen);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "open('/python-packages/h11/__init__.py', 'a')",
        "open('/python-packages/planted.py', 'w')",
        "import os; os.mkdir('/python-packages/planted')",
        "import os; os.remove('/python-packages/h11/_util.py')",
        "import os; os.rename('/python-packages/h11', '/python-packages/h12')",
        "import os; os.symlink('/etc', '/python-packages/etc')",
        "import os; os.chmod('/python-packages/h11/_util.py', 0o777)",
        "import os; os.open('/python-packages/h11/_util.py', os.O_RDWR)",
    })
    void writingIntoThePackagesIsDenied(String code) throws IOException {
        byte[] before = Files.readAllBytes(tree.resolve("h11/_util.py"));
        assertEquals("PermissionError", raised(code).get(0));
        assertArrayEquals(before, Files.readAllBytes(tree.resolve("h11/_util.py")));
        assertFalse(Files.exists(tree.resolve("planted.py")) || Files.exists(tree.resolve("planted")) || Files.exists(tree.resolve("h12")));
    }

    @Test
    void aPackageNotInTheFolderIsNotImportable() {
        assertEquals(List.of("ModuleNotFoundError", "No module named 'six'"), raised("import six"));
    }

    @Test
    void aContextOfARuntimeWithoutPackagesSeesNone() {
        try (PythonContext plain = TestRuntime.shared().newContext(new ByteArrayOutputStream(), new ByteArrayOutputStream())) {
            assertEquals(List.of("ModuleNotFoundError", "No module named 'h11'"), SharedPythonContext.raised(plain, "import h11", "Exception"));
            assertEquals("PermissionError", SharedPythonContext.raised(plain, "open('/python-packages/h11/__init__.py')", "Exception").get(0));
        }
    }

    /** Routes out of the folder: {@code ..}, links in the folder that point out of it, {@code sys.path}, importlib. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "open('/python-packages/../OUTSIDE/secret.txt').read()",
        "open('/python-packages/h11/../../OUTSIDE/secret.txt').read()",
        "open('/python-packages/linked_out/secret.txt').read()",
        "open('/python-packages/secret_link.txt').read()",
        "import os; os.listdir('/python-packages/linked_out')",
        "import os; os.stat('/python-packages/secret_link.txt')",
        "import importlib.util as u; s = u.spec_from_file_location('leaky', '/python-packages/linked_out/leaky.py'); s.loader.exec_module(u.module_from_spec(s))",
        "import importlib.util as u; s = u.spec_from_file_location('leaky', '/python-packages/../OUTSIDE/leaky.py'); s.loader.exec_module(u.module_from_spec(s))",
        "import importlib.machinery as m; m.SourceFileLoader('leaky', '/python-packages/linked_out/leaky.py').get_data('/python-packages/linked_out/leaky.py')",
    })
    void nothingOutsideTheFolderIsReachable(String code) throws IOException {
        linksOutOfTheTree();
        List<String> caught = raised(code.replace("OUTSIDE", outside.getFileName().toString()));
        assertEquals("PermissionError", caught.get(0), caught.toString());
        assertFalse(caught.get(1).contains(temporary.toString()), "the host's path stays hidden: " + caught);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "import leaky",
        "import sys; sys.path.insert(0, 'OUTSIDE_ABSOLUTE'); import leaky",
        "import sys; sys.path.insert(0, '/python-packages/linked_out'); import leaky",
        "import sys; sys.path.insert(0, '/python-packages/..'); import leaky",
    })
    void aModuleOutsideTheFolderIsNotImported(String code) throws IOException {
        linksOutOfTheTree();
        Files.createSymbolicLink(tree.resolve("leaky.py"), outside.resolve("leaky.py"));
        try {
            List<String> caught = raised("import importlib; importlib.invalidate_caches()\n"
                    + code.replace("OUTSIDE_ABSOLUTE", outside.toString()));
            assertEquals(List.of("ModuleNotFoundError", "No module named 'leaky'"), caught);
        } finally {
            Files.delete(tree.resolve("leaky.py"));
            python.runScript("import sys; sys.path[:] = [p for p in sys.path if 'outside' not in p and 'linked_out' not in p and p != '/python-packages/..']", "<test>");
        }
    }

    /** A shared library that reached the folder after the runtime checked it still fails its import with an ImportError naming it. */
    @Test
    void aNativeModuleThatSlippedInFailsItsImportClearly() throws IOException {
        Path planted = tree.resolve("sneaky.so");
        Files.write(planted, new byte[] {0x7f, 'E', 'L', 'F'});
        try {
            assertEquals(List.of("ImportError", NativeModulesTest.deniedMessage("sneaky")),
                    raised("import importlib; importlib.invalidate_caches()\nimport sneaky"));
        } finally {
            Files.delete(planted);
        }
    }

    @Test
    void aWheelBuiltForAPlatformIsRefusedByName() throws IOException {
        Path fake = fakeDistribution("fake_native", "cp311-cp311-manylinux_2_17_x86_64", "fake_native/__init__.py");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> GraalPyRuntime.builder().pythonPackages(fake));
        assertEquals("the Python package 'fake_native' 1.0 (its wheel is tagged cp311-cp311-manylinux_2_17_x86_64, built for one"
                + " interpreter and platform, not pure Python) needs native code, which this GraalPy sandbox cannot load: use a"
                + " pure-Python package (a py3-none-any wheel) instead (see docs/packages.md)", refused.getMessage());
    }

    @Test
    void aPackageHoldingANativeLibraryIsRefusedByNameWhateverItsTag() throws IOException {
        Path fake = fakeDistribution("speedy", "py3-none-any", "speedy/__init__.py", "speedy/_speedups.cpython-311-x86_64-linux-gnu.so");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> GraalPyRuntime.builder().pythonPackages(fake));
        assertEquals("the Python package 'speedy' 1.0 (it holds the native library speedy/_speedups.cpython-311-x86_64-linux-gnu.so)"
                + " needs native code, which this GraalPy sandbox cannot load: use a pure-Python package (a py3-none-any wheel)"
                + " instead (see docs/packages.md)", refused.getMessage());
    }

    @Test
    void aFolderThatDoesNotExistIsRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> GraalPyRuntime.builder().pythonPackages(temporary.resolve("never-installed")));
        assertTrue(refused.getMessage().contains("does not exist: install the packages first"), refused.getMessage());
    }

    /** A folder as pip leaves it: the distribution's files and its dist-info, with WHEEL and RECORD. */
    private static Path fakeDistribution(String name, String tag, String... files) throws IOException {
        Path folder = Files.createTempDirectory(temporary, name);
        StringBuilder record = new StringBuilder();
        for (String file : files) {
            Path path = folder.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, "");
            record.append(file).append(",,\n");
        }
        Path info = Files.createDirectories(folder.resolve(name + "-1.0.dist-info"));
        Files.writeString(info.resolve("WHEEL"), "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: " + tag + "\n");
        Files.writeString(info.resolve("RECORD"), record.toString());
        return folder;
    }

    /** Links inside the tree that point out of it, made once. */
    private static synchronized void linksOutOfTheTree() throws IOException {
        if (!Files.exists(tree.resolve("linked_out"), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(tree.resolve("linked_out"), outside);
            Files.createSymbolicLink(tree.resolve("secret_link.txt"), outside.resolve("secret.txt"));
        }
    }

    private static List<String> raised(String code) {
        return SharedPythonContext.raised(python, code.replace("; ", "\n"), "Exception");
    }

    private static List<String> strings(org.graalvm.polyglot.Value list) {
        return list.as(List.class).stream().map(String::valueOf).toList();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
