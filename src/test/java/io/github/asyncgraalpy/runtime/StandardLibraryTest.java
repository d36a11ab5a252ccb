package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.testing.CPythonProcess;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every module of {@code sys.stdlib_module_names}, imported in one sandboxed context, in one evaluation: each imports,
 * or is a C extension the sandbox denies (the ImportError of {@link NativeModulesTest}), or is one GraalPy does not
 * ship. The expected outcome of each is the table {@code stdlib-outcomes.txt}: a GraalPy upgrade that changes one
 * module's outcome fails this test, naming the module, and shows up as a diff of that file.
 *
 * <p>Not walked, by one rule: the modules CPython builds only for Windows or macOS ({@link #NOT_ON_LINUX}), which
 * CPython on Linux cannot import either.
 */
@Timeout(120)
class StandardLibraryTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** CPython's Windows-only modules and its one macOS-only module. */
    static final Set<String> NOT_ON_LINUX = Set.of("msvcrt", "winreg", "winsound", "_winapi", "nt", "_overlapped", "_msi",
            "msilib", "_scproxy");

    private static final String WALK = String.join("\n",
            "import importlib, sys",
            "outcomes = {}",
            "for name in sorted(sys.stdlib_module_names - set(not_on_linux)):",
            "    try:",
            "        importlib.import_module(name)",
            "        outcomes[name] = 'imports'",
            "    except ImportError as error:",
            "        denied = str(error).startswith(f'the module {error.name!r} needs native code')",
            "        outcomes[name] = f'denied: {error.name}' if denied else f'{type(error).__name__}: {error}'",
            "    except Exception as error:",
            "        outcomes[name] = f'{type(error).__name__}: {str(error).splitlines()[0]}'",
            "outcomes = [f'{name} | {outcome}' for name, outcome in outcomes.items()]");

    private static Map<String, String> sandboxed;

    @BeforeAll
    static void walkOnce() {
        Value namespace = python.context().runScript("not_on_linux = " + pythonList(NOT_ON_LINUX) + "\n" + WALK, "<stdlib walk>");
        Value outcomes = namespace.getHashValue("outcomes");
        List<String> lines = new ArrayList<>();
        for (long i = 0; i < outcomes.getArraySize(); i++) {
            lines.add(outcomes.getArrayElement(i).asString());
        }
        sandboxed = table(lines);
    }

    @Test
    void everyModuleImportsOrFailsAsTheTableSays() {
        Map<String, String> expected = table(PyexpatStandInTest.resource("stdlib-outcomes.txt").lines().toList());
        List<String> changed = new ArrayList<>();
        for (String name : union(expected.keySet(), sandboxed.keySet())) {
            if (!String.valueOf(expected.get(name)).equals(String.valueOf(sandboxed.get(name)))) {
                changed.add(name + ": expected " + expected.get(name) + ", was " + sandboxed.get(name));
            }
        }
        assertEquals(List.of(), changed, "modules whose outcome changed (null: not in sys.stdlib_module_names / not in stdlib-outcomes.txt)");
    }

    /**
     * A module that imports on CPython imports in the sandbox, or fails with an ImportError that says why: native code
     * the sandbox denies, or a module GraalPy does not ship; never another exception (a SystemError, say).
     */
    @Test
    void whatImportsOnCPythonImportsOrSaysWhyNot() {
        CPythonProcess cpython = CPythonProcess.python3();
        assumeTrue(cpython.available(), "no CPython 3.11+ on the PATH to compare with");
        // antigravity opens a web browser on the host when imported: CPython is not sandboxed.
        Map<String, String> onCPython = table(cpython.run("not_on_linux = " + pythonList(union(NOT_ON_LINUX, Set.of("antigravity"))) + "\n" + WALK
                + "\nprint('\\n'.join(outcomes))\n").lines().toList());
        List<String> unclear = new ArrayList<>();
        onCPython.forEach((name, outcome) -> {
            String here = sandboxed.get(name);
            boolean clear = here == null || here.equals("imports") || here.startsWith("denied: ")
                    || here.startsWith("ModuleNotFoundError: No module named ");
            if (outcome.equals("imports") && !clear) {
                unclear.add(name + ": " + here);
            }
        });
        assertEquals(List.of(), unclear, "modules that import on CPython and fail in the sandbox without saying why");
    }

    private static Map<String, String> table(List<String> lines) {
        Map<String, String> table = new TreeMap<>();
        for (String line : lines) {
            if (line.contains(" | ") && !line.startsWith("#")) { // and not what a module prints (this: the Zen of Python)
                String[] pair = line.split(" \\| ", 2);
                table.put(pair[0].strip(), pair[1].strip());
            }
        }
        return table;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static String pythonList(Set<String> names) {
        return names.stream().sorted().map(name -> "'" + name + "'").toList().toString();
    }
}
