package io.github.asyncgraalpy.runtime;

import io.github.asyncgraalpy.runtime.internal.BootstrapConfig;
import io.github.asyncgraalpy.runtime.internal.BootstrapMember;
import io.github.asyncgraalpy.runtime.internal.BootstrapPart;
import io.github.asyncgraalpy.runtime.internal.BootstrapSetting;
import io.github.asyncgraalpy.runtime.internal.JavaSelector;
import io.github.asyncgraalpy.runtime.internal.Network;
import io.github.asyncgraalpy.runtime.internal.NetworkEvent;
import io.github.asyncgraalpy.runtime.internal.Nameprep;
import io.github.asyncgraalpy.runtime.internal.XmlEventReader;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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

    /**
     * Loads the bootstrap package without giving Python any file access: every module is registered first, so that
     * the modules may name each other whatever their order, then each runs in load order: its code loaded from the
     * build's compiled copy when {@link BytecodeStore} has one for this very source (a third element, {@code marshal}
     * data as a Latin-1 string), else compiled here. {@code host_functions} is
     * what {@code _host_errors} found to translate in the runtime's first context ({@link HostFunctionNames}; null in
     * that one); the loader returns the package and what {@code _host_errors} found in this one.
     */
    static final Source PACKAGE_LOADER = Source.create("python", String.join("\n",
            "def load_asyncgraalpy(modules, lazy_asyncio, host_functions):",
            "    import sys, types",
            "    package = types.ModuleType('asyncgraalpy')",
            "    package.__path__ = []",
            "    package.__package__ = 'asyncgraalpy'",
            "    package.__file__ = '" + BootstrapSources.FOLDER + "__init__.py'",
            "    sys.modules['asyncgraalpy'] = package",
            "    loaded = []",
            "    for name, source, *code in modules:",
            "        if name == '__init__':",
            "            module = package",
            "        else:",
            "            module = types.ModuleType('asyncgraalpy.' + name)",
            "            module.__package__ = 'asyncgraalpy'",
            "            module.__file__ = '" + BootstrapSources.FOLDER + "' + name + '.py'",
            "            sys.modules[module.__name__] = module",
            "            setattr(package, name, module)",
            "        if name == '_lazy_asyncio':",
            "            module.enabled = lazy_asyncio",
            "        if name == '_host_errors' and host_functions is not None:",
            "            module.known_host_functions = str(host_functions)",
            "        loaded.append((module, str(source), code[0] if code else None))",
            "    for module, source, code in loaded:",
            "        exec(_code(module.__file__, source, code), module.__dict__)",
            "    return package, package._host_errors.host_functions",
            "def _code(file, source, compiled):",
            "    if compiled is not None:",
            "        import marshal",
            "        try:",
            "            code = marshal.loads(str(compiled).encode('latin-1'))",
            "        except Exception:",
            "            code = None",
            "        if isinstance(code, type(_code.__code__)):",
            "            return code",
            "    return compile(source, file, 'exec')  # no store, or not this GraalPy's marshal format: as without one",
            "load_asyncgraalpy"));
    /**
     * Whether {@code import asyncio} runs asyncio's rarely used submodules on first use (the bootstrap's
     * {@code _lazy_asyncio}; docs/startup.md): {@code -Dasyncgraalpy.lazyAsyncio=false} turns it off, to measure it
     * or to rule it out. Read once, here.
     */
    static final boolean LAZY_ASYNCIO = !"false".equals(System.getProperty("asyncgraalpy.lazyAsyncio"));
    private static GraalPyRuntime shared;
    /** pyexpat's Java half: it keeps nothing between documents, so every context shares it. */
    private static final XmlEventReader XML_READER = new XmlEventReader();
    /** The library's parts the bootstrap installs (coroutine protocols, futures bridge), found, not named. */
    private static final List<BootstrapPart> PARTS = ServiceLoader.load(BootstrapPart.class, GraalPyRuntime.class.getClassLoader())
            .stream().map(ServiceLoader.Provider::get).toList();

    private final Engine engine;
    /**
     * The runtime that made the engine and closes it: this one, or another for a runtime that shares its engine
     * ({@link #withNetwork}), whose closing leaves the engine to its owner and which is closed when its owner is.
     */
    private final GraalPyRuntime engineOwner;
    private final List<List<String>> bootstrap;
    private final HostFunctionNames hostFunctions;
    private final BytecodeStore bytecode;
    private final Settings settings;
    private final Duration engineStartup;
    private final ContextStartup.Recorder statistics = new ContextStartup.Recorder();
    private volatile boolean closed;
    /**
     * The networks (host sockets) of the contexts open on the engine, every runtime's on it: closing the engine cancels
     * those contexts but leaves their Java sockets to whoever closes each {@link PythonContext}, so {@link #close}
     * closes them itself.
     */
    private final Set<Network> openNetworks;

    private GraalPyRuntime() {
        this(BytecodeStore.load());
    }

    /** A runtime whose contexts find the given precompiled standard library ({@link BytecodeCompiler} uses none). */
    GraalPyRuntime(BytecodeStore bytecode) {
        this(bytecode, Settings.DEFAULT);
    }

    private GraalPyRuntime(BytecodeStore bytecode, Settings settings) {
        this.settings = settings;
        long start = System.nanoTime();
        Engine.Builder engineBuilder = Engine.newBuilder("python")
                // The sandbox's lowest layer for failures: a Java exception thrown inside GraalPy (an operation its
                // Java POSIX backend lacks or the sandbox excludes, a thread or inner context the context may not
                // create) becomes a Python SystemError where it happens, which `except Exception` catches, instead
                // of an internal error that ends the script. The bootstrap gives the common ones CPython's types.
                // It is an engine option, and GraalPy marks it experimental: DenialSurfaceTest pins what it does.
                .allowExperimentalOptions(true)
                .option("python.CatchAllExceptions", "true");
        settings.engineOptions().forEach(engineBuilder::option);
        this.engine = engineBuilder.build();
        this.engineOwner = this;
        this.openNetworks = ConcurrentHashMap.newKeySet();
        this.engineStartup = Duration.ofNanos(System.nanoTime() - start);
        this.bootstrap = bytecode.withBootstrapCode(BootstrapSources.read());
        this.bytecode = bytecode;
        this.hostFunctions = new HostFunctionNames();
    }

    /** A runtime on {@code owner}'s engine with {@code settings}: see {@link #withNetwork}. */
    private GraalPyRuntime(GraalPyRuntime owner, Settings settings) {
        this.settings = settings;
        this.engine = owner.engine;
        this.engineOwner = owner;
        this.openNetworks = owner.openNetworks; // closed with the engine, by its owner
        this.engineStartup = Duration.ZERO;
        this.bootstrap = owner.bootstrap;
        this.bytecode = owner.bytecode;
        // The same engine builds the host-facing modules the same way in every one of its contexts.
        this.hostFunctions = owner.hostFunctions;
    }

    /**
     * What a runtime was built with: whom Python may look up, engine options, and its contexts' defaults. No streams
     * means this process's standard output and error as they are when a context is made.
     */
    private record Settings(HostLookup lookup, Map<String, String> engineOptions, Set<Sandbox.Grant> defaultGrants,
            Optional<OutputStream> out, Optional<OutputStream> err, Optional<Executor> blockingCallExecutor, NetworkPolicy network,
            Optional<PackageTree> packages) {

        static final Settings DEFAULT = new Settings(HostLookup.PROJECT, Map.of(), Set.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), NetworkPolicy.none(), Optional.empty());

        Settings withNetwork(NetworkPolicy policy) {
            return new Settings(lookup, engineOptions, defaultGrants, out, err, blockingCallExecutor, policy, packages);
        }
    }

    /**
     * A runtime of its own, with its own engine, configured beyond the {@link #shared()} one: an application's classes
     * made visible to Python's {@code java.type} through its class loader, tuning options for the engine, and the
     * grants and output streams its contexts get unless told otherwise.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * What a {@link #builder()} runtime differs in; everything else (the sandbox, the bootstrap) is the same, and
     * nothing here can weaken the sandbox beyond the {@link Sandbox.Grant grants} it names.
     */
    public static final class Builder {

        /**
         * Engine options an application may set: stable tuning of whether and how Truffle compiles. Not a prefix: the
         * engine allows experimental options (the sandbox needs one), and some of those exit the VM on a failed
         * compilation, write diagnostics to the working directory, or relax safety checks.
         */
        private static final List<String> TUNING_OPTIONS = List.of("engine.WarnInterpreterOnly", "engine.Compilation",
                "engine.CompilerThreads", "engine.BackgroundCompilation", "engine.Mode", "engine.MultiTier");

        private final List<String> packages = new ArrayList<>();
        private final List<String> classes = new ArrayList<>();
        private final Map<String, String> engineOptions = new LinkedHashMap<>();
        private final Set<Sandbox.Grant> grants = EnumSet.noneOf(Sandbox.Grant.class);
        private Optional<ClassLoader> classLoader = Optional.empty();
        private Optional<OutputStream> out = Optional.empty();
        private Optional<OutputStream> err = Optional.empty();
        private Optional<Executor> blockingCallExecutor = Optional.empty();
        private NetworkPolicy network = NetworkPolicy.none();
        private Optional<PackageTree> packageTree = Optional.empty();

        private Builder() {}

        /**
         * Lets Python look up the public classes of these packages (and their subpackages) with {@code java.type},
         * as it may the library's Python-facing packages. A lookup reaches only what those classes export with
         * {@link org.graalvm.polyglot.HostAccess.Export}. The JDK's and GraalVM's own packages are refused: a
         * sandbox that let Python name them would rest on their annotations alone.
         *
         * @throws IllegalArgumentException for what is no package name, for a package in or holding one of
         *     {@code java.}, {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.}, {@code com.oracle.} and
         *     {@code org.graalvm.} ({@code org} included), and for the library's own packages or one holding them
         */
        public Builder pythonMayLookUpPackages(String... packageNames) {
            for (String name : packageNames) {
                packages.add(HostLookup.checkedPackage(name));
            }
            return this;
        }

        /**
         * Lets Python look up these classes, and no other of their packages, with {@code java.type}; as
         * {@link #pythonMayLookUpPackages}, the platform's are refused. Python finds them through
         * {@link #hostClassLoader} where they come from a loader of the application's own.
         */
        public Builder pythonMayLookUpClasses(Class<?>... types) {
            for (Class<?> type : types) {
                HostLookup.checkedPackage(type.getPackageName());
                classes.add(type.getName());
            }
            return this;
        }

        /** Where {@code java.type} finds classes: an application's loader (the library's classes must be visible from it). */
        public Builder hostClassLoader(ClassLoader loader) {
            this.classLoader = Optional.of(Objects.requireNonNull(loader, "loader"));
            return this;
        }

        /**
         * An option of the runtime's engine, one of {@code engine.WarnInterpreterOnly}, {@code engine.Compilation},
         * {@code engine.CompilerThreads}, {@code engine.BackgroundCompilation}, {@code engine.Mode} and
         * {@code engine.MultiTier}: whether and how Truffle compiles. The options that decide what Python may reach
         * are the sandbox's.
         *
         * @throws IllegalArgumentException for any other option, naming those allowed
         */
        public Builder engineOption(String key, String value) {
            Objects.requireNonNull(value, "value");
            if (!TUNING_OPTIONS.contains(key)) {
                throw new IllegalArgumentException("the engine option " + key + " is not one an application may set: only "
                        + String.join(", ", TUNING_OPTIONS) + " (the sandbox sets the rest)");
            }
            engineOptions.put(key, value);
            return this;
        }

        /** Grants every context of this runtime gets unless it asks for others ({@link #newContext(OutputStream, OutputStream, Set)}). */
        public Builder defaultGrants(Sandbox.Grant... defaults) {
            grants.addAll(List.of(defaults));
            return this;
        }

        /** Where the contexts' Python {@code sys.stdout} and {@code sys.stderr} write unless they are given streams. */
        public Builder output(OutputStream out, OutputStream err) {
            this.out = Optional.of(Objects.requireNonNull(out, "out"));
            this.err = Optional.of(Objects.requireNonNull(err, "err"));
            return this;
        }

        /**
         * Where the event loops of this runtime's contexts run their blocking calls ({@code loop.run_in_executor(None,
         * ...)}, {@code asyncio.to_thread}): on this executor's threads, used as it is and never shut down by the
         * runtime. Without it each loop starts an executor of its own on its first blocking call (platform daemon
         * threads, not virtual ones: a call computing in Python would pin a carrier the host's virtual threads need;
         * as many at once as CPython's default, {@code min(32, cpus + 4)}) and shuts it down with the loop.
         */
        public Builder blockingCallExecutor(Executor executor) {
            this.blockingCallExecutor = Optional.of(Objects.requireNonNull(executor, "executor"));
            return this;
        }

        /**
         * The TCP endpoints this runtime's contexts may reach through their event loop ({@code loop.create_connection},
         * {@code loop.create_server}, {@code asyncio.open_connection}, {@code asyncio.start_server}), and how many
         * sockets each may hold open; without it, none ({@link NetworkPolicy#none()}). Python's own {@code socket}
         * module stays denied whatever the policy: the loop does the IO, in Java. See {@code docs/network.md}.
         */
        public Builder network(NetworkPolicy policy) {
            this.network = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Python packages this runtime's contexts may import: a folder that {@link PackageInstaller} filled at build
         * time from pinned, hashed requirements. Python sees it read-only at {@code /python-packages}, on
         * {@code sys.path} after the standard library, and nothing outside it; a package is imported only when a
         * script imports it. Without it, no package beyond GraalPy's standard library is importable. See
         * {@code docs/packages.md}.
         *
         * @throws IllegalArgumentException when the folder does not exist, or holds a package that needs native code
         *     (the sandbox cannot load it): the message names the package
         */
        public Builder pythonPackages(java.nio.file.Path folder) {
            this.packageTree = Optional.of(PackageTree.of(Objects.requireNonNull(folder, "folder")));
            return this;
        }

        /** Builds the engine now (it is what costs); close the runtime to free it. */
        public GraalPyRuntime build() {
            return new GraalPyRuntime(BytecodeStore.load(), new Settings(HostLookup.PROJECT.with(packages, classes, classLoader),
                    Map.copyOf(engineOptions), Set.copyOf(grants), out, err, blockingCallExecutor, network, packageTree));
        }
    }

    /** The process-wide runtime; its engine lives until the JVM exits or {@link #close()}. */
    public static synchronized GraalPyRuntime shared() {
        if (shared == null) {
            shared = new GraalPyRuntime();
        }
        return shared;
    }

    /** A context writing to the runtime's streams (this process's standard output and error unless built with others), with its default grants. */
    public PythonContext newContext() {
        return newContext(settings.out().orElse(System.out), settings.err().orElse(System.err));
    }

    /** A sandboxed context whose Python {@code sys.stdout} and {@code sys.stderr} write to the given streams, with the runtime's default grants. */
    public PythonContext newContext(OutputStream out, OutputStream err) {
        return newContext(out, err, settings.defaultGrants());
    }

    /** A context with {@link Sandbox.Grant grants} beyond the default sandbox; see each grant for who needs it. */
    public PythonContext newContext(OutputStream out, OutputStream err, Set<Sandbox.Grant> grants) {
        if (isClosed()) {
            throw new IllegalStateException("the runtime is closed: it makes no more contexts");
        }
        long start = System.nanoTime();
        Network network = null;
        IdentityFolder identities = IdentityFolder.of(settings.network().serverIdentities());
        Context context = Sandbox.apply(Context.newBuilder("python"), grants, bytecode, settings.lookup(), settings.packages().orElse(null),
                        identities)
                .engine(engine)
                .out(out)
                .err(err)
                .build();
        try {
            context.initialize("python");
            long initialized = System.nanoTime();
            Value loadedPackage = context.eval(PACKAGE_LOADER).execute(bootstrap, LAZY_ASYNCIO, hostFunctions.orNull());
            Value module = loadedPackage.getArrayElement(0);
            hostFunctions.keep(loadedPackage.getArrayElement(1));
            long loaded = System.nanoTime();
            NetworkPolicy policy = settings.network();
            network = new Network(policy.connectRules(), policy.listenRules(), policy.allowsNothing() ? 0 : policy.maxSockets());
            openNetworks.add(network);
            BootstrapMember.INSTALL.of(module).execute(bootstrapConfig(grants.contains(Sandbox.Grant.PYTHON_THREADS),
                    settings.blockingCallExecutor(), network).forPython());
            if (settings.packages().isPresent()) {
                context.eval(PackageTree.ON_IMPORT_PATH).execute(PackageTree.MOUNT);
            }
            long installed = System.nanoTime();
            ContextStartup startup = ContextStartup.of(initialized - start, BootstrapMember.IMPORT_SECONDS.of(module).asDouble(),
                    loaded - initialized, installed - loaded);
            statistics.add(startup);
            PythonContext made = new PythonContext(context, out, module, startup);
            // Every socket of the context's loops closes with it, whatever the script left open.
            Network sockets = network;
            made.owned().own("the context's sockets", 0, () -> {
                openNetworks.remove(sockets);
                sockets.close();
            });
            return made;
        } catch (RuntimeException e) {
            if (network != null) {
                openNetworks.remove(network);
                network.close();
            }
            context.close();
            throw new IllegalStateException("installing the asyncgraalpy bootstrap failed: " + e.getMessage(), e);
        }
    }

    /**
     * Contexts built ahead of need on a background thread, {@code size} ready at a time, each with the given grants and
     * each handed out once; see {@link PrestartedContexts}. Close it before the runtime.
     */
    public PrestartedContexts prestartContexts(int size, Set<Sandbox.Grant> grants) {
        return new PrestartedContexts(this, size, grants);
    }

    /** {@link PrestartedContexts} of {@code size} whose contexts get the runtime's default grants. */
    public PrestartedContexts prestartContexts(int size) {
        return prestartContexts(size, settings.defaultGrants());
    }

    /**
     * The former name of {@link #prestartContexts(int, Set)}.
     *
     * @deprecated for removal: use {@link #prestartContexts(int, Set)}; the pool never took a context back.
     */
    @Deprecated(since = "0.2", forRemoval = true)
    @SuppressWarnings("removal")
    public ContextPool newPool(int size, Set<Sandbox.Grant> grants) {
        return new ContextPool(prestartContexts(size, grants));
    }

    /**
     * The former name of {@link #prestartContexts(int)}.
     *
     * @deprecated for removal: use {@link #prestartContexts(int)}; the pool never took a context back.
     */
    @Deprecated(since = "0.2", forRemoval = true)
    @SuppressWarnings("removal")
    public ContextPool newPool(int size) {
        return newPool(size, settings.defaultGrants());
    }

    /**
     * What the bootstrap's {@code install} is given: the loop's Java half and the grant from here, the rest from the
     * library's {@link BootstrapPart parts}. A missing part is an error that says which, not a context half made.
     */
    static BootstrapConfig bootstrapConfig(boolean pythonThreadsGranted, Optional<Executor> blockingCallExecutor) {
        return bootstrapConfig(pythonThreadsGranted, blockingCallExecutor, Network.none());
    }

    /** {@link #bootstrapConfig(boolean, Optional)} for a context with this network. */
    static BootstrapConfig bootstrapConfig(boolean pythonThreadsGranted, Optional<Executor> blockingCallExecutor, Network network) {
        BootstrapConfig config = new BootstrapConfig(pythonThreadsGranted, blockingCallExecutor);
        config.give(BootstrapSetting.SELECTOR_FACTORY, new JavaSelector.Factory(network));
        config.give(BootstrapSetting.NETWORK_EVENT, NetworkEvent.class);
        config.give(BootstrapSetting.NAMEPREP, new Nameprep());
        config.give(BootstrapSetting.XML_READER, XML_READER);
        PARTS.forEach(part -> part.contribute(config));
        return config;
    }

    /** The host functions the runtime's first context translated, once it did (for the tests). */
    HostFunctionNames hostFunctionNames() {
        return hostFunctions;
    }

    /** How long the engine took to build, in {@link #shared()} or the constructor. */
    public Duration engineStartup() {
        return engineStartup;
    }

    /**
     * A runtime with this one's settings (whom Python may look up, engine options, grants, streams, the blocking-call
     * executor, the network policy, the Python packages) and an engine of its own: compiled code of its own, closed on its own. It costs the engine's warm-up
     * and about twice the heap per context (see the benchmarks' {@code pool} group).
     */
    public GraalPyRuntime sibling() {
        return new GraalPyRuntime(bytecode, settings);
    }

    /**
     * A runtime with this one's settings but the network {@code policy} grants its contexts (see {@link
     * Builder#network}), on this one's engine: its contexts share the code this engine parsed, so the first of them
     * costs what a further context of this runtime costs, not an engine's warm-up. Each context still has its own
     * state and its own policy; what one may reach, another on the same engine may not. Closing it stops it making
     * contexts and leaves the engine to this runtime; closing this runtime closes the engine under both.
     */
    public GraalPyRuntime withNetwork(NetworkPolicy policy) {
        return new GraalPyRuntime(this, settings.withNetwork(Objects.requireNonNull(policy, "policy")));
    }

    /** How many contexts this runtime made, and what they cost: the first pays for the engine's warm-up. */
    public ContextStartup.Statistics startupStatistics() {
        return statistics.snapshot();
    }

    /** True once {@link #close()} ran, on this runtime or on the one whose engine it shares: no context can be made any more. */
    public boolean isClosed() {
        return closed || engineOwner.closed;
    }

    /**
     * Closes the runtime's engine; contexts still open are closed with it. A runtime on another's engine ({@link
     * #withNetwork}) only stops making contexts: its contexts are their takers' to close, the engine its owner's.
     */
    @Override
    public void close() {
        closed = true;
        if (engineOwner != this) {
            return;
        }
        synchronized (GraalPyRuntime.class) {
            if (shared == this) {
                shared = null;
            }
        }
        try {
            engine.close(true);
        } finally {
            // The engine cancelled its contexts; their sockets on the host close now, not when each taker closes one.
            openNetworks.forEach(Network::close);
            openNetworks.clear();
        }
    }
}
