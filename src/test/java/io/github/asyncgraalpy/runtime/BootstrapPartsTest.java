package io.github.asyncgraalpy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.asyncgraalpy.runtime.internal.BootstrapConfig;
import io.github.asyncgraalpy.runtime.internal.BootstrapPart;
import io.github.asyncgraalpy.runtime.internal.BootstrapSetting;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import io.github.asyncgraalpy.runtime.internal.NetworkEvent;
import io.github.asyncgraalpy.runtime.internal.Nameprep;
import io.github.asyncgraalpy.runtime.internal.XmlEventReader;
import io.github.asyncgraalpy.testing.SharedPythonContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bootstrap's parts are found, not named, and a part that is missing is an error that names it, in Java and in Python. */
@Timeout(120)
class BootstrapPartsTest {

    @RegisterExtension
    static final SharedPythonContext python = new SharedPythonContext();

    private static final String BRIDGE_LACKING = "java_futures (from the futures bridge (BridgeBootstrap)),"
            + " java_streams (from the futures bridge (BridgeBootstrap)), blocking_calls (from the futures bridge (BridgeBootstrap)),"
            + " publisher_interface (from the futures bridge (BridgeBootstrap)), loop_events (from the futures bridge (BridgeBootstrap))";

    @Test
    void theLibraryListsItsTwoParts() {
        List<String> parts = ServiceLoader.load(BootstrapPart.class).stream().map(provider -> provider.type().getName()).toList();
        assertEquals(List.of("io.github.asyncgraalpy.internal.CoroutineBootstrap",
                "io.github.asyncgraalpy.internal.BridgeBootstrap"), parts);
    }

    @Test
    void aConfigurationWithoutAPartIsRefusedInJavaNamingWhatIsMissing() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> withoutTheBridge().forPython());
        assertEquals("the bootstrap's configuration lacks " + BRIDGE_LACKING + ": is the library's jar complete?", error.getMessage());
    }

    @Test
    void aConfigurationWithoutAPartIsRefusedByInstallNamingWhatIsMissing() {
        Map<String, Object> config = new HashMap<>(GraalPyRuntime.bootstrapConfig(false, Optional.empty()).forPython());
        BootstrapSetting.ALL.stream().filter(setting -> setting.givenBy().contains("BridgeBootstrap"))
                .forEach(setting -> config.remove(setting.pythonName()));
        PythonException error = assertThrows(PythonException.class,
                () -> python.context().call(python.context().module().getMember("install"), config));
        assertEquals("RuntimeError", error.pythonType());
        assertEquals("asyncgraalpy: the configuration lacks " + BRIDGE_LACKING + ": is the library's jar complete?", error.pythonMessage());
    }

    @Test
    void aSecondInstallIsRefusedBeforeItChangesAnything() {
        Map<String, Object> config = new HashMap<>(GraalPyRuntime.bootstrapConfig(true, Optional.empty()).forPython());
        config.put(BootstrapSetting.SELECTOR_FACTORY.pythonName(), "a hostile factory");
        PythonException error = assertThrows(PythonException.class,
                () -> python.context().call(python.context().module().getMember("install"), config));
        assertEquals("asyncgraalpy is installed once per context, by GraalPyRuntime", error.pythonMessage());
        assertEquals("JavaEventLoop", python.run("import asyncio\nname = type(asyncio.new_event_loop()).__name__", "name").asString(),
                "the loop's Java half is still the one GraalPyRuntime gave");
    }

    /** The runtime's settings and the coroutine protocols', as a jar without the bridge's part would give them. */
    private static BootstrapConfig withoutTheBridge() {
        BootstrapConfig config = new BootstrapConfig(false, Optional.empty());
        config.give(BootstrapSetting.SELECTOR_FACTORY, new JavaSelector.Factory());
        config.give(BootstrapSetting.NETWORK_EVENT, NetworkEvent.class);
        config.give(BootstrapSetting.NAMEPREP, new Nameprep());
        config.give(BootstrapSetting.XML_READER, new XmlEventReader());
        ServiceLoader.load(BootstrapPart.class).stream().map(ServiceLoader.Provider::get)
                .filter(part -> part.getClass().getSimpleName().equals("CoroutineBootstrap"))
                .forEach(part -> part.contribute(config));
        return config;
    }
}
