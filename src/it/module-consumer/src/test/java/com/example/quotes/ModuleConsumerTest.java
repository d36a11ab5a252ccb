package com.example.quotes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.asyncgraalpy.runtime.GraalPyRuntime;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the module path adds to src/it/consumer's tests, which run here too: the library as a named module. */
class ModuleConsumerTest {

    @Test
    void theLibraryIsANamedModuleWhoseBootstrapPartsStayInside() {
        Module library = GraalPyRuntime.class.getModule();
        assertEquals("io.github.asyncgraalpy", library.getName());
        assertEquals(Set.of("io.github.asyncgraalpy.runtime", "io.github.asyncgraalpy.coroutine", "io.github.asyncgraalpy.bridge",
                        "io.github.asyncgraalpy.runtime.internal", "io.github.asyncgraalpy.coroutine.internal", "io.github.asyncgraalpy.bridge.internal"),
                library.getDescriptor().exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()),
                "the API, and the internal packages whose members Python calls");
        assertFalse(library.isExported("io.github.asyncgraalpy.internal"), "the bootstrap's parts are services, not exports");
        assertEquals("com.example.quotes", ModuleConsumerTest.class.getModule().getName(), "these tests run on the module path");
    }
}
