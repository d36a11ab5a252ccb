package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bootstrap's code comes from the build's store (BytecodeStore, made by BytecodeCompiler): every module has code
 * there for its very source, that code is what compiling the source gives, a changed source is compiled instead, and
 * code this GraalPy cannot load is compiled instead.
 */
@Timeout(120)
class BootstrapBytecodeTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    /** What tells two code objects apart, recursively through the functions and classes they define. */
    private static final String SHAPE = String.join("\n",
            "import marshal",
            "def shape(code):",
            "    consts = tuple(shape(c) if hasattr(c, 'co_code') else repr(c) for c in code.co_consts)",
            "    return (code.co_name, code.co_filename, code.co_firstlineno, code.co_names, code.co_varnames, code.co_flags,",
            "            code.co_argcount, consts)",
            "def same_as_compiled(name, source, stored):",
            "    loaded = marshal.loads(str(stored).encode('latin-1'))",
            "    compiled = compile(str(source), 'asyncgraalpy/' + str(name) + '.py', 'exec')",
            "    return shape(loaded) == shape(compiled)");

    @Test
    void everyBootstrapModuleHasCodeInTheStoreAndItIsWhatItsSourceCompilesTo() {
        assumeTrue(BytecodeStore.BOOTSTRAP_CODE, "-Dasyncgraalpy.bootstrapBytecode=false compiles in every context");
        List<List<String>> modules = BytecodeStore.load().withBootstrapCode(BootstrapSources.read());
        assertEquals(BootstrapSources.MODULES.size(), modules.size());
        Value sameAsCompiled = python.run(SHAPE, "same_as_compiled");
        for (List<String> module : modules) {
            assertNotNull(module.get(2), module.get(0) + ": the build stores its code");
            assertEquals(true, sameAsCompiled.execute(module.get(0), module.get(1), module.get(2)).asBoolean(), module.get(0));
        }
    }

    @Test
    void aSourceTheStoreWasNotMadeFromIsCompiled() {
        List<List<String>> changed = new ArrayList<>();
        for (List<String> module : BootstrapSources.read()) {
            changed.add(List.of(module.get(0), module.get(1) + "\n# changed after the build\n"));
        }
        for (List<String> module : BytecodeStore.load().withBootstrapCode(changed)) {
            assertNull(module.get(2), module.get(0) + ": code from another source must not be loaded");
        }
    }

    /** Data marshal refuses, and data it reads as something else than code (its 'N' is None, the rest ignored). */
    @ParameterizedTest
    @ValueSource(strings = {"\u0000 not marshal data", "Not marshal data"})
    void codeThisGraalPyCannotLoadIsCompiledInstead(String stored) {
        Value loader = python.context().context().eval(GraalPyRuntime.PACKAGE_LOADER);
        Value loadOrCompile = loader.getMember("__globals__").getHashValue("_code");
        Value code = python.context().call(python.run("def load(load_or_compile, stored):\n"
                + "    return load_or_compile('asyncgraalpy/_probe.py', 'answer = 6 * 7', stored)", "load"), loadOrCompile, stored);
        assertEquals(42, python.context().call(python.run("def answer(code):\n    scope = {}\n    exec(code, scope)\n    return scope['answer']",
                "answer"), code).asInt());
        assertEquals("asyncgraalpy/_probe.py", code.getMember("co_filename").asString());
    }
}
