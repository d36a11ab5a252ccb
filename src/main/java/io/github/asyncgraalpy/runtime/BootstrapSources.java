package io.github.asyncgraalpy.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bootstrap's Python package {@code asyncgraalpy}, one module per concern, read from the library's resources in
 * the order they load: the host errors first, before anything imports asyncio; each module after those it imports
 * (the modules form layers, with no import circle: BootstrapPackageLayersTest); the package's {@code __init__}, which
 * installs the others, last. Python gets the sources, never a file.
 */
final class BootstrapSources {

    /** The package's folder, next to this class. */
    static final String FOLDER = "asyncgraalpy/";
    static final List<String> MODULES = List.of("_host_errors", "_seam", "_lazy_asyncio", "_loop", "_guards", "_errors", "_scripts", "_futures",
            "_events", "_protocols", "_streams", "_blocking", "_tls", "_network", "__init__");

    private BootstrapSources() {}

    /** {@code [name, source]} per module, in load order. */
    static List<List<String>> read() {
        return MODULES.stream().map(name -> List.of(name, source(name))).toList();
    }

    private static String source(String module) {
        String resource = FOLDER + module + ".py";
        try (InputStream in = BootstrapSources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path next to " + BootstrapSources.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
