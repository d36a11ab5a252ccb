package io.github.asyncgraalpy.runtime;

import io.github.asyncgraalpy.runtime.internal.BootstrapMember;
import io.github.asyncgraalpy.runtime.internal.Network;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Value;

/**
 * Where a further context's time goes (docs/startup.md, "Where a further context's time goes"): contexts built in one
 * JVM as {@link GraalPyRuntime#newContext} builds them, each part timed on its own: the polyglot context's build (the
 * sandbox's options, its file system), GraalPy's own initialisation, each bootstrap module's compilation and run
 * (with {@code import asyncio} inside {@code _loop}, and asyncio's modules each timed by a {@code sys.meta_path}
 * hook), each step of {@code install}, and the first {@code asyncio.run}. Prints the medians of the contexts after
 * warm-up, in ms and as shares of the whole. Not a test (no timed assertions in tests): run it by hand,
 * as docs/startup.md shows. The hooks add their own share; compare figures from this probe with each other only.
 */
final class ContextPartsProbe {

    private static final OutputStream DISCARD = OutputStream.nullOutputStream();
    /**
     * Timing hooks for GraalPyRuntime's own package loader, defined where it runs (the context's {@code __main__}, whose
     * {@code exec} and {@code compile} it calls): each bootstrap module's compilation and its run
     * timed apart, and a meta-path hook that times every standard-library module's {@code create_module} and
     * {@code exec_module} (its own time: what it imports is subtracted, what finding and reading it costs is left to
     * its importer).
     */
    private static final String TIMING_HOOKS = String.join("\n",
            "import builtins, sys, time",
            "times = {}",
            "_clock = time.perf_counter",
            "_stack = []",
            "def _timed(key, call, *args):",
            "    _stack.append(0.0)",
            "    start = _clock()",
            "    try:",
            "        return call(*args)",
            "    finally:",
            "        whole = _clock() - start",
            "        children = _stack.pop()",
            "        if _stack:",
            "            _stack[-1] += whole",
            "        times[key] = times.get(key, 0.0) + whole - children",
            "def compile(source, file, mode):",
            "    return _timed('compile ' + file, builtins.compile, source, file, mode)",
            "def exec(code, namespace):",
            "    return _timed('run ' + namespace['__name__'], builtins.exec, code, namespace)",
            "class _Timed:",
            "    def __init__(self, loader, name):",
            "        self.loader, self.name = loader, name",
            "    def __getattr__(self, attribute):",
            "        return getattr(self.loader, attribute)",
            "    def create_module(self, spec):",
            "        return _timed('import ' + self.name, self.loader.create_module, spec)",
            "    def exec_module(self, module):",
            "        _timed('import ' + self.name, self.loader.exec_module, module)",
            "class _Timing:",
            "    def find_spec(self, name, path=None, target=None):",
            "        for finder in sys.meta_path:",
            "            if finder is not self and hasattr(finder, 'find_spec'):",
            "                spec = finder.find_spec(name, path, target)",
            "                if spec is not None:",
            "                    if spec.loader is not None and hasattr(spec.loader, 'exec_module'):",
            "                        spec.loader = _Timed(spec.loader, name)",
            "                    return spec",
            "        return None",
            "sys.meta_path.insert(0, _Timing())");

    private ContextPartsProbe() {}

    /**
     * {@code [rounds]}: the parts side by side, as above; {@code --runtime [rounds [--keep-one-open]]}: further
     * contexts built by {@link GraalPyRuntime#newContext} itself, to their first {@code await}, their median (run it in
     * fresh JVMs alternately with {@code -Dasyncgraalpy.bootstrapCodeOnce=false} and without).
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--runtime")) {
            furtherContexts(args.length > 1 ? Integer.parseInt(args[1]) : 20, args.length > 2 && args[2].equals("--keep-one-open"));
            return;
        }
        if (args.length > 0 && args[0].equals("--first")) {
            firstContext();
            return;
        }
        int warmUp = 3;
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        BytecodeStore bytecode = BytecodeStore.load();
        List<List<String>> timedBootstrap = withInstallTimed(BootstrapSources.read());
        // Side by side: each round one context walking the host-facing modules for their functions (as every context
        // did before HostFunctionNames) and one given the names the first context found.
        Map<String, List<Double>> walking = new LinkedHashMap<>();
        Map<String, List<Double>> withNames = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();  // the host functions' names the first context found
        try (Engine engine = Engine.newBuilder("python").allowExperimentalOptions(true).option("python.CatchAllExceptions", "true").build()) {
            for (int i = 0; i < warmUp + rounds; i++) {
                // Which goes first alternates too, so that neither pays for what the other left (its garbage).
                boolean walkingFirst = i % 2 == 0 || names.isEmpty();
                Map<String, Double> walked = walkingFirst ? oneContext(engine, bytecode, timedBootstrap, null, names) : null;
                Map<String, Double> given = oneContext(engine, bytecode, timedBootstrap, names, null);
                walked = walkingFirst ? walked : oneContext(engine, bytecode, timedBootstrap, null, names);
                if (i >= warmUp) {
                    walked.forEach((part, ms) -> walking.computeIfAbsent(part, k -> new ArrayList<>()).add(ms));
                    given.forEach((part, ms) -> withNames.computeIfAbsent(part, k -> new ArrayList<>()).add(ms));
                }
            }
        }
        double whole = median(withNames.get(WHOLE));
        System.out.printf("medians of %d further contexts after %d of warm-up, each way: ms and share of the whole with the"
                + " host functions' names given; ms with the host-facing modules walked (before HostFunctionNames)%n", rounds, warmUp);
        System.out.printf("%-66s %8s %7s %9s%n", "part", "given", "share", "walked");
        java.util.Set<String> allParts = new java.util.LinkedHashSet<>(walking.keySet());
        allParts.addAll(withNames.keySet());
        for (String part : allParts) {
            double before = walking.containsKey(part) ? median(walking.get(part)) : 0;
            double after = withNames.containsKey(part) ? median(withNames.get(part)) : 0;
            if (!part.startsWith(GROUP) && (before >= 0.5 || after >= 0.5)) {
                System.out.printf("%-66s %8.1f %6.1f %% %8.1f%n", part, after, 100 * after / whole, before);
            }
        }
        System.out.printf("whole, given / walked: %.3f%n", whole / median(walking.get(WHOLE)));
        System.out.printf("%nthe same, the bootstrap's load by group (each module's own time; finding and reading a module is its importer's)%n");
        for (String part : allParts) {
            if (part.startsWith(GROUP)) {
                double after = withNames.containsKey(part) ? median(withNames.get(part)) : 0;
                double before = walking.containsKey(part) ? median(walking.get(part)) : 0;
                System.out.printf("%-90s %8.1f %6.1f %% %8.1f%n", part.substring(GROUP.length()), after, 100 * after / whole, before);
            }
        }
        System.exit(0);
    }

    /** The first context of this JVM, part by part: what a cold start pays beyond JVM start-up and the engine. */
    private static void firstContext() {
        BytecodeStore bytecode = BytecodeStore.load();
        List<List<String>> timedBootstrap = withInstallTimed(BootstrapSources.read());
        long start = System.nanoTime();
        try (Engine engine = Engine.newBuilder("python").allowExperimentalOptions(true).option("python.CatchAllExceptions", "true").build()) {
            System.out.printf("engine: %.0f ms%n", (System.nanoTime() - start) / 1e6);
            oneContext(engine, bytecode, timedBootstrap, null, new ArrayList<>()).forEach((part, ms) -> {
                if (ms >= 1) {
                    System.out.printf("%-90s %8.1f%n", part, ms);
                }
            });
        }
        System.exit(0);
    }

    /**
     * With {@code keepOneOpen}, one context stays open while the others are built, as the runner's context started
     * ahead or a test class's shared context does: code GraalPy compiled for it stays in the engine's cache.
     */
    private static void furtherContexts(int rounds, boolean keepOneOpen) {
        int warmUp = 3;
        List<Double> whole = new ArrayList<>();
        try (GraalPyRuntime runtime = GraalPyRuntime.builder().build();
                PythonContext open = keepOneOpen ? runtime.newContext(DISCARD, DISCARD) : null) {
            for (int i = 0; i < warmUp + rounds; i++) {
                long start = System.nanoTime();
                try (PythonContext python = runtime.newContext(DISCARD, DISCARD)) {
                    python.eval(PackagesStartupProbe.FIRST_AWAIT);
                    if (i >= warmUp) {
                        whole.add((System.nanoTime() - start) / 1e6);
                    }
                }
            }
        }
        System.out.printf("bootstrap worked out once per runtime: %s%s; a further context to its first await, median of %d after %d"
                + " of warm-up: %.0f ms%n", HostFunctionNames.ONCE_PER_RUNTIME, keepOneOpen ? " (one context kept open)" : "", rounds, warmUp,
                median(whole));
        System.exit(0);
    }

    private static final String WHOLE = "whole: built to first await";
    private static final String GROUP = "group: ";
    /** The standard library's modules a further context runs, by why: the groups of docs/startup.md's table. */
    private static final Map<String, List<String>> GROUPS = Map.of(
            "the language's base (re, enum, functools, collections, abc, ...)", List.of("re", "enum", "functools", "collections",
                    "_collections_abc", "abc", "_py_abc", "operator", "_weakrefset", "keyword", "reprlib", "copyreg", "types",
                    "collections.abc", "re._compiler", "re._parser", "re._constants", "re._casefix", "weakref", "heapq", "contextlib",
                    "warnings", "io", "os", "stat", "posixpath", "locale", "string"),
            "socket, selectors, signal, subprocess (host-facing, guarded)", List.of("socket", "selectors", "signal", "subprocess",
                    "select", "errno"),
            "logging, traceback, linecache, tokenize, token, textwrap", List.of("logging", "traceback", "linecache", "tokenize",
                    "token", "textwrap"),
            "threading, concurrent.futures, contextvars", List.of("threading", "concurrent", "concurrent.futures",
                    "concurrent.futures._base", "contextvars"),
            "importlib (the lazy import's machinery)", List.of("importlib", "importlib.machinery", "importlib.util", "importlib._abc"));

    /** A timed part's group: asyncio's modules, one of {@link #GROUPS}, the bootstrap's own, or other modules. */
    private static String group(String key) {
        if (key.startsWith("code ")) {
            return "the bootstrap's code loaded from the store (marshal), or compiled where the store has none";
        }
        if (key.startsWith("compile ")) {
            return "the bootstrap's code compiled (GraalPy's per-engine cache hits while a context holds it)";
        }
        if (key.startsWith("run ")) {
            return key.equals("run asyncgraalpy._loop") ? "_loop's own run: finding and reading asyncio's modules, the lazy import"
                    : key.equals("run asyncgraalpy._host_errors") ? "_host_errors' own run: the host functions translated"
                    : "the other bootstrap modules' own runs";
        }
        String module = key.substring("import ".length());
        if (module.startsWith("asyncio")) {
            return "asyncio's own modules";
        }
        return GROUPS.entrySet().stream().filter(entry -> entry.getValue().contains(module)).map(Map.Entry::getKey).findFirst()
                .orElse("other standard-library modules");
    }

    /** One context's parts in ms; with {@code knownNames} empty or null it walks the host-facing modules and fills {@code namesOut} once. */
    private static Map<String, Double> oneContext(Engine engine, BytecodeStore bytecode, List<List<String>> timedBootstrap,
            List<String> knownNames, List<String> namesOut) {
        Map<String, Double> ms = new LinkedHashMap<>();
        long start = System.nanoTime();
        Context.Builder builder = Sandbox.apply(Context.newBuilder("python"), Set.of(), bytecode, HostLookup.PROJECT, null,
                IdentityFolder.of(List.of())).engine(engine).out(DISCARD).err(DISCARD);
        long configured = System.nanoTime();
        try (Context context = builder.build()) {
            long built = System.nanoTime();
            context.initialize("python");
            long initialized = System.nanoTime();
            context.eval("python", TIMING_HOOKS);
            long hooked = System.nanoTime();
            Value times = context.getBindings("python").getMember("times");
            boolean namesGiven = knownNames != null && !knownNames.isEmpty();
            Value loader = context.eval(GraalPyRuntime.PACKAGE_LOADER);
            // The loader's own step, timed too: each module's code loaded from the store or compiled.
            context.eval("python", "_untimed_code = _code\ndef _code(file, *rest): return _timed('code ' + file, _untimed_code, file, *rest)");
            Value result = loader.execute(bytecode.withBootstrapCode(timedBootstrap), GraalPyRuntime.LAZY_ASYNCIO,
                    namesGiven ? knownNames.get(0) : null);
            Value module = result.getArrayElement(0);
            if (namesOut != null && namesOut.isEmpty()) {
                namesOut.add(result.getArrayElement(1).asString());
            }
            context.eval("python", "sys.meta_path.pop(0)");
            long loaded = System.nanoTime();
            BootstrapMember.INSTALL.of(module).execute(GraalPyRuntime.bootstrapConfig(false, java.util.Optional.empty(), Network.none()).forPython());
            long installed = System.nanoTime();
            context.eval("python", PackagesStartupProbe.FIRST_AWAIT);
            long awaited = System.nanoTime();
            ms.put(WHOLE, (awaited - start - (hooked - initialized)) / 1e6);
            ms.put("context: builder with the sandbox's options", (configured - start) / 1e6);
            ms.put("context: build", (built - configured) / 1e6);
            ms.put("context: GraalPy's initialisation", (initialized - built) / 1e6);
            ms.put("bootstrap: load (all modules, with import asyncio)", (loaded - hooked) / 1e6);
            Value keys = context.eval("python", "lambda d: list(d)").execute(times);
            double imports = 0;
            double code = 0;
            for (int k = 0; k < keys.getArraySize(); k++) {
                String key = keys.getArrayElement(k).asString();
                double part = times.getHashValue(key).asDouble() * 1e3;
                ms.put("  " + key, part);
                imports += key.startsWith("import ") ? part : 0;
                code += key.startsWith("compile ") || key.startsWith("code ") ? part : 0;
            }
            ms.put("  (the standard library's modules run, each its own time, summed)", imports);
            for (int k = 0; k < keys.getArraySize(); k++) {
                String key = keys.getArrayElement(k).asString();
                ms.merge(GROUP + group(key), times.getHashValue(key).asDouble() * 1e3, Double::sum);
            }
            ms.put("  (the bootstrap's code loaded or compiled, summed)", code);
            ms.put("install (all)", (installed - loaded) / 1e6);
            Value marks = module.getMember("_probe_marks");
            for (int k = 1; k < marks.getArraySize(); k++) {
                Value mark = marks.getArrayElement(k);
                double step = (mark.getArrayElement(1).asDouble() - marks.getArrayElement(k - 1).getArrayElement(1).asDouble()) * 1e3;
                ms.merge("  install: " + mark.getArrayElement(0).asString(), step, Double::sum);
            }
            ms.put("first asyncio.run (a script, to its first await)", (awaited - installed) / 1e6);
        }
        return ms;
    }

    /**
     * The bootstrap with {@code install}'s top-level statements each followed by a mark (the statement's first
     * line as its label, {@code register_interop_type} lines as one group), so the probe can tell where install's time goes.
     */
    private static List<List<String>> withInstallTimed(List<List<String>> bootstrap) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> module : bootstrap) {
            if (!module.get(0).equals("__init__")) {
                out.add(module);
                continue;
            }
            StringBuilder source = new StringBuilder("import time as _probe_time\n_probe_marks = []\n");
            boolean inInstall = false;
            boolean inDocstring = false;
            String pending = null;
            for (String line : module.get(1).split("\n", -1)) {
                if (line.startsWith("def install(")) {
                    inInstall = true;
                    source.append(line).append('\n').append("    _probe_marks.append(('start', _probe_time.perf_counter()))\n");
                    continue;
                }
                if (inInstall && !line.isEmpty() && !line.startsWith(" ")) {
                    inInstall = false;
                }
                if (inDocstring) {
                    inDocstring = !line.strip().endsWith("\"\"\"");
                    source.append(line).append('\n');
                    continue;
                }
                if (inInstall && line.strip().startsWith("\"\"\"")) {
                    inDocstring = !line.strip().endsWith("\"\"\"") || line.strip().length() == 3;
                    source.append(line).append('\n');
                    continue;
                }
                boolean statement = inInstall && line.startsWith("    ") && !line.startsWith("     ") && !line.startsWith("    #")
                        && !line.isBlank();
                if (statement && pending != null) {
                    source.append("    _probe_marks.append((").append(pythonString(pending)).append(", _probe_time.perf_counter()))\n");
                }
                if (statement) {
                    pending = label(line.strip());
                }
                source.append(line).append('\n');
            }
            if (pending != null) {
                // The last statement is a for loop: mark after it, at the end of the function's body.
                source.append("    _probe_marks.append((").append(pythonString(pending)).append(", _probe_time.perf_counter()))\n");
            }
            out.add(List.of("__init__", source.toString()));
        }
        return out;
    }

    private static String label(String statement) {
        if (statement.startsWith("polyglot.register_interop_type") || statement.startsWith("for kind in _seam.LOOP_EVENTS")) {
            return "register_interop_type (all)";
        }
        if (statement.startsWith("_guards.") || statement.startsWith("if not settings.python_threads_granted")) {
            return "guard " + statement.replace("_guards.", "");
        }
        return statement.length() > 50 ? statement.substring(0, 50) : statement;
    }

    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
