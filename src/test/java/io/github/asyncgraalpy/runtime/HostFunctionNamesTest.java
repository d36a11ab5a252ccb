package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import io.github.asyncgraalpy.testing.TestRuntime;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The host functions {@code _host_errors} translates are found once per runtime (HostFunctionNames): a further context,
 * given the names the first found, still translates every one, and what is not a list of names is never kept.
 */
@Timeout(120)
class HostFunctionNamesTest {

    /** Its context is made first, so the runtime has found the names before the tests' further context. */
    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** Every builtin function of the host-facing modules left untranslated, walked as the first context walks them. */
    private static final String UNTRANSLATED = String.join("\n",
            "def untranslated():",
            "    import asyncgraalpy, sys",
            "    return sorted(f'{name}.{function}' for name in asyncgraalpy._host_errors._HOST_FACING_MODULES if name in sys.modules",
            "                  for function, value in vars(sys.modules[name]).items()",
            "                  if type(value) is type(len) and not function.startswith('__'))");

    @Test
    void aFurtherContextGivenTheNamesTranslatesEveryHostFunction() {
        assumeTrue(HostFunctionNames.ONCE_PER_RUNTIME, "-Dasyncgraalpy.hostFunctionsOnce=false walks in every context");
        assertNotNull(TestRuntime.shared().hostFunctionNames().orNull(), "the runtime's first context handed back what it translated");
        try (PythonContext further = TestRuntime.shared().newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())) {
            further.eval(UNTRANSLATED);
            assertEquals(List.of(), further.eval("untranslated").execute().as(List.class));
            assertEquals(List.of("OSError", "[Errno 38] Function not implemented: getppid (GraalPy's Java POSIX backend)"),
                    SharedPythonContext.raised(further, "import os; os.getppid()", "Exception"), "translated as in the first context");
        }
    }

    @Test
    void whatIsNotTheNamesIsNotKept() {
        assumeTrue(HostFunctionNames.ONCE_PER_RUNTIME, "-Dasyncgraalpy.hostFunctionsOnce=false keeps nothing");
        HostFunctionNames names = new HostFunctionNames();
        names.keep(null);
        names.keep(python.run("found = None", "found"));
        names.keep(python.run("found = ['posix stat']", "found"));
        assertNull(names.orNull(), "a context that did not return the names leaves every context walking the modules");
        names.keep(python.run("found = 'posix stat'", "found"));
        assertEquals("posix stat", names.orNull());
        names.keep(python.run("found = 'posix other'", "found"));
        assertEquals("posix stat", names.orNull(), "the first names kept stay");
    }
}
