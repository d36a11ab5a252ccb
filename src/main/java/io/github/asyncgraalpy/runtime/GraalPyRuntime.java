package io.github.asyncgraalpy.runtime;

import io.github.asyncgraalpy.runtime.internal.BootstrapPart;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * The one place that builds GraalPy contexts for this project: runner, tests and benchmarks alike. All contexts
 * share one {@link Engine}, so the second context reuses the first one's parsed and compiled code, and all get the
 * same {@link Sandbox} and the same bootstrap.
 */
public final class GraalPyRuntime implements AutoCloseable {

    static final String BOOTSTRAP_RESOURCE = "asyncgraalpy.py";
    /** Loads the bootstrap as an importable module without giving Python any file access. */
    private static final Source MODULE_LOADER = Source.create("python", String.join("\n",
            "def load_asyncgraalpy(source):",
            "    import sys, types",
            "    module = types.ModuleType('asyncgraalpy')",
            "    module.__file__ = '" + BOOTSTRAP_RESOURCE + "'",
            "    sys.modules['asyncgraalpy'] = module",
            "    exec(compile(source, module.__file__, 'exec'), module.__dict__)",
            "    return module",
            "load_asyncgraalpy"));
    private static GraalPyRuntime shared;
    /** The library's parts the bootstrap installs (coroutine protocols, futures bridge), found, not named. */
    private static final List<BootstrapPart> PARTS = ServiceLoader.load(BootstrapPart.class, GraalPyRuntime.class.getClassLoader())
            .stream().map(ServiceLoader.Provider::get).toList();

    private final Engine engine;
    private final Source bootstrap;
    private final BytecodeStore bytecode;
    private final HostLookup lookup;
    private final Duration engineStartup;
    private final ContextStartup.Recorder statistics = new ContextStartup.Recorder();
    private volatile boolean closed;

    private GraalPyRuntime() {
        this(BytecodeStore.load());
    }

    /** A runtime whose contexts find the given precompiled standard library ({@link BytecodeCompiler} uses none). */
    GraalPyRuntime(BytecodeStore bytecode) {
        this(bytecode, HostLookup.PROJECT);
    }

    private GraalPyRuntime(BytecodeStore bytecode, HostLookup lookup) {
        this.lookup = lookup;
        long start = System.nanoTime();
        this.engine = Engine.newBuilder("python")
                // The sandbox's lowest layer for failures: a Java exception thrown inside GraalPy (an operation its
                // Java POSIX backend lacks or the sandbox excludes, a thread or inner context the context may not
                // create) becomes a Python SystemError where it happens, which `except Exception` catches, instead
                // of an internal error that ends the script. The bootstrap gives the common ones CPython's types.
                // It is an engine option, and GraalPy marks it experimental: DenialSurfaceTest pins what it does.
                .allowExperimentalOptions(true)
                .option("python.CatchAllExceptions", "true")
                .build();
        this.engineStartup = Duration.ofNanos(System.nanoTime() - start);
        this.bootstrap = Source.create("python", readBootstrap());
        this.bytecode = bytecode;
    }

    /**
     * A runtime of its own, with its own engine, configured beyond the {@link #shared()} one: an embedder's classes
     * made visible to Python's {@code java.type}, found through the embedder's class loader.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** What a {@link #builder()} runtime differs in; everything else (the sandbox, the bootstrap) is the same. */
    public static final class Builder {

        private final List<String> packages = new ArrayList<>();
        private Optional<ClassLoader> classLoader = Optional.empty();

        private Builder() {}

        /**
         * Lets Python look up the public classes of these packages (and their subpackages) with {@code java.type},
         * as it may the project's Python-facing packages. A lookup reaches only what those classes export with
         * {@link org.graalvm.polyglot.HostAccess.Export}. The JDK's and GraalVM's own packages are refused: a
         * sandbox that let Python name them would rest on their annotations alone.
         *
         * @throws IllegalArgumentException for a blank name or one in {@code java.}, {@code javax.}, {@code jdk.},
         *     {@code sun.}, {@code com.sun.} or {@code org.graalvm.}
         */
        public Builder pythonMayLookUpPackages(String... packageNames) {
            for (String name : packageNames) {
                packages.add(HostLookup.checkedPackage(name));
            }
            return this;
        }

        /** Where {@code java.type} finds classes: an embedder's loader (the project's classes must be visible from it). */
        public Builder hostClassLoader(ClassLoader loader) {
            this.classLoader = Optional.of(Objects.requireNonNull(loader, "loader"));
            return this;
        }

        /** Builds the engine now (it is what costs); close the runtime to free it. */
        public GraalPyRuntime build() {
            return new GraalPyRuntime(BytecodeStore.load(), HostLookup.PROJECT.with(packages, classLoader));
        }
    }

    /** The process-wide runtime; its engine lives until the JVM exits or {@link #close()}. */
    public static synchronized GraalPyRuntime shared() {
        if (shared == null) {
            shared = new GraalPyRuntime();
        }
        return shared;
    }

    /** A context printing to this process's standard output and error. */
    public PythonContext newContext() {
        return newContext(System.out, System.err);
    }

    /** A sandboxed context whose Python {@code sys.stdout} and {@code sys.stderr} write to the given streams. */
    public PythonContext newContext(OutputStream out, OutputStream err) {
        return newContext(out, err, Set.of());
    }

    /** A context with {@link Sandbox.Grant grants} beyond the default sandbox; see each grant for who needs it. */
    public PythonContext newContext(OutputStream out, OutputStream err, Set<Sandbox.Grant> grants) {
        long start = System.nanoTime();
        Context context = Sandbox.apply(Context.newBuilder("python"), grants, bytecode, lookup)
                .engine(engine)
                .out(out)
                .err(err)
                .build();
        try {
            context.initialize("python");
            long initialized = System.nanoTime();
            Value module = context.eval(MODULE_LOADER).execute(bootstrap.getCharacters().toString());
            long loaded = System.nanoTime();
            module.getMember("install").execute(installConfig(grants));
            long installed = System.nanoTime();
            ContextStartup startup = ContextStartup.of(initialized - start, module.getMember("import_seconds").asDouble(),
                    loaded - initialized, installed - loaded);
            statistics.add(startup);
            return new PythonContext(context, out, module, startup);
        } catch (RuntimeException e) {
            context.close();
            throw new IllegalStateException("installing the asyncgraalpy bootstrap failed: " + e.getMessage(), e);
        }
    }

    /**
     * Contexts built ahead of need on a background thread, {@code size} at a time, each with the given grants; see
     * {@link ContextPool}. Close the pool before the runtime.
     */
    public ContextPool newPool(int size, Set<Sandbox.Grant> grants) {
        return new ContextPool(this, size, grants);
    }

    /**
     * What the bootstrap's {@code install} is given: the loop's Java half and the grants from here, the rest from
     * the library's {@link BootstrapPart parts}. A missing part is an error that says which, not a context half made.
     */
    private static Map<String, Object> installConfig(Set<Sandbox.Grant> grants) {
        Map<String, Object> config = new HashMap<>();
        config.put("selector_factory", new JavaSelector.Factory());
        config.put("python_threads_granted", grants.contains(Sandbox.Grant.PYTHON_THREADS));
        PARTS.forEach(part -> part.contribute(config));
        return config;
    }

    /** How long the engine took to build, in {@link #shared()} or the constructor. */
    public Duration engineStartup() {
        return engineStartup;
    }

    /** How many contexts this runtime made, and what they cost: the first pays for the engine's warm-up. */
    public ContextStartup.Statistics startupStatistics() {
        return statistics.snapshot();
    }

    /** True once {@link #close()} ran: no context can be made any more. */
    public boolean isClosed() {
        return closed;
    }

    /** Closes the runtime's engine; contexts still open are closed with it. */
    @Override
    public void close() {
        closed = true;
        synchronized (GraalPyRuntime.class) {
            if (shared == this) {
                shared = null;
            }
        }
        engine.close(true);
    }

    private static String readBootstrap() {
        try (InputStream in = GraalPyRuntime.class.getResourceAsStream(BOOTSTRAP_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BOOTSTRAP_RESOURCE + " is missing from the class path next to " + GraalPyRuntime.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
