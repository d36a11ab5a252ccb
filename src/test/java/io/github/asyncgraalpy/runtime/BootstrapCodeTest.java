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
 * What the bootstrap works out once per runtime (BootstrapCode): a further context runs exactly the code that
 * compiling its sources gives, translates every host-facing function as the first context did, and code that does not
 * fit the bootstrap is never kept.
 */
@Timeout(120)
class BootstrapCodeTest {

    /** Its context is made first, so the runtime has compiled the bootstrap before the tests' further context. */
    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static final String COMPILED_AGAIN = String.join("\n",
            "import marshal, sys",
            "def differing(sources, stored):",
            "    # each module compiled here, from its source, as the first context compiled it",
            "    return [name for (name, source), code in zip(sources, stored)",
            "            if marshal.dumps(compile(str(source), 'asyncgraalpy/' + str(name) + '.py', 'exec')).decode('latin-1') != str(code)]",
            "def untranslated():",
            "    # every builtin function of the host-facing modules, walked as the first context walks them",
            "    import asyncgraalpy",
            "    return sorted(f'{name}.{function}' for name in asyncgraalpy._host_errors._HOST_FACING_MODULES if name in sys.modules",
            "                  for function, value in vars(sys.modules[name]).items()",
            "                  if type(value) is type(len) and not function.startswith('__'))",
            "def where(module, function):",
            "    code = getattr(sys.modules[module], function).__code__",
            "    return code.co_filename + ':' + code.co_name");

    @Test
    void aFurtherContextRunsTheCodeThatCompilingTheBootstrapGives() {
        assumeTrue(BootstrapCode.ONCE_PER_RUNTIME, "-Dasyncgraalpy.bootstrapCodeOnce=false compiles in every context");
        BootstrapCode bootstrap = TestRuntime.shared().bootstrapCode();
        List<String> stored = bootstrap.compiledOrNull();
        assertNotNull(stored, "the first context of the runtime handed back its compiled bootstrap");
        assertNotNull(bootstrap.hostFunctionsOrNull(), "and the host functions it translated");
        assertEquals(BootstrapSources.MODULES.size(), stored.size());
        try (PythonContext further = TestRuntime.shared().newContext(OutputStream.nullOutputStream(), OutputStream.nullOutputStream())) {
            further.eval(COMPILED_AGAIN);
            assertEquals(List.of(), further.eval("differing").execute(bootstrap.sources(), stored).as(List.class));
            assertEquals(List.of(), further.eval("untranslated").execute().as(List.class),
                    "given the names the first context found, a further context translates every host function all the same");
            assertEquals("asyncgraalpy/_network.py:_install", further.eval("where").execute("asyncgraalpy._network", "_install").asString(),
                    "tracebacks name the bootstrap's files as before");
            assertEquals("JavaEventLoopPolicy", further.eval("type(__import__('asyncio').get_event_loop_policy()).__name__").asString(),
                    "install ran on the loaded code");
        }
    }

    @Test
    void codeThatDoesNotFitTheBootstrapIsNotKept() {
        assumeTrue(BootstrapCode.ONCE_PER_RUNTIME, "-Dasyncgraalpy.bootstrapCodeOnce=false keeps nothing");
        BootstrapCode code = new BootstrapCode(List.of(List.of("_a", "x = 1"), List.of("_b", "y = 2")));
        code.keep(null);
        code.keep(python.run("codes = None", "codes"));
        code.keep(python.run("codes = ['only one module']", "codes"));
        code.keep(python.run("codes = ['first', 2]", "codes"));
        assertNull(code.compiledOrNull(), "a context that did not return one code per module leaves every context compiling");
        code.keep(python.run("codes = ['first', 'second']", "codes"));
        assertEquals(List.of("first", "second"), code.compiledOrNull());
        code.keep(python.run("codes = ['other', 'code']", "codes"));
        assertEquals(List.of("first", "second"), code.compiledOrNull(), "the first code kept stays");
    }
}
