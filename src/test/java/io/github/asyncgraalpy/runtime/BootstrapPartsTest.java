package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.asyncgraalpy.runtime.internal.BootstrapPart;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bootstrap's parts are found, not named, and a part that is missing is an error that names it. */
@Timeout(120)
class BootstrapPartsTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    @Test
    void theLibraryListsItsTwoParts() {
        List<String> parts = ServiceLoader.load(BootstrapPart.class).stream().map(provider -> provider.type().getName()).toList();
        assertEquals(List.of("io.github.asyncgraalpy.internal.CoroutineBootstrap",
                "io.github.asyncgraalpy.internal.BridgeBootstrap"), parts);
    }

    @Test
    void aConfigurationWithoutThePartsIsRefusedNamingWhatIsMissing() {
        Map<String, Object> config = new HashMap<>();
        config.put("selector_factory", "not used");
        config.put("python_threads_granted", false);
        ServiceLoader.load(BootstrapPart.class).stream().map(ServiceLoader.Provider::get)
                .filter(part -> part.getClass().getSimpleName().equals("CoroutineBootstrap"))
                .forEach(part -> part.contribute(config));
        PythonException error = assertThrows(PythonException.class,
                () -> python.context().call(python.context().module().getMember("install"), config));
        assertEquals("RuntimeError", error.pythonType());
        assertEquals("asyncgraalpy: the configuration lacks java_futures (from the futures bridge (BridgeBootstrap)),"
                + " loop_events (from the futures bridge (BridgeBootstrap)), java_streams (from the futures bridge (BridgeBootstrap)), publisher_interface (from the futures bridge (BridgeBootstrap)), blocking_calls (from the futures bridge (BridgeBootstrap)): is the library's jar complete?", error.pythonMessage());
    }

    @Test
    void aSecondInstallIsRefusedBeforeItChangesAnything() {
        Map<String, Object> config = new HashMap<>();
        config.put("selector_factory", "a hostile factory");
        config.put("python_threads_granted", true);
        ServiceLoader.load(BootstrapPart.class).stream().map(ServiceLoader.Provider::get).forEach(part -> part.contribute(config));
        PythonException error = assertThrows(PythonException.class,
                () -> python.context().call(python.context().module().getMember("install"), config));
        assertEquals("asyncgraalpy is installed once per context, by GraalPyRuntime", error.pythonMessage());
        assertEquals("JavaEventLoop", python.run("import asyncio\nname = type(asyncio.new_event_loop()).__name__", "name").asString(),
                "the loop's Java half is still the one GraalPyRuntime gave");
    }
}
