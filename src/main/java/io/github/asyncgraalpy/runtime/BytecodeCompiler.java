package io.github.asyncgraalpy.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.graalvm.polyglot.Value;

/**
 * A build step: compiles, with the GraalPy the project runs on, every standard-library module that a context imports
 * when it starts (the bootstrap, asyncio) plus {@link #ALSO_COMPILED}, and the bootstrap's own modules, and writes them
 * as {@link BytecodeStore}'s resource. The bytecode format belongs to the GraalPy version, so it is made on the build machine, never committed.
 *
 * <p>Usage: {@code BytecodeCompiler <store.zip> <stamp file> <GraalPy version>}; the build runs it after compiling. It
 * does nothing when the stamp says the store was made by the same GraalPy from the same bootstrap.
 *
 * <p>Not public: a build tool is no library API. It stays in this package because it needs what only this package
 * sees (a runtime without a store, the store's key layout, the bootstrap's sources); the {@code java} launcher runs the
 * {@code main} of a package-private class as well.
 */
final class BytecodeCompiler {

    /** Modules scripts commonly import beyond what the bootstrap loads: compiled ahead so they cost no compilation. */
    static final List<String> ALSO_COMPILED = List.of(
            "json", "queue", "random", "contextvars", "dataclasses", "statistics", "textwrap", "string",
            "concurrent.futures.thread", "asyncio.locks", "asyncio.queues", "asyncio.streams", "asyncio.subprocess",
            "asyncio.taskgroups", "asyncio.timeouts", "asyncio.threads", "asyncio.unix_events", "asyncio.sslproto",
            "asyncio.staggered", "asyncio.trsock");

    /** Runs in the generating context: every loaded module's checked-hash .pyc, as sorted (key, bytes) pairs keyed as {@link BytecodeStore} finds them. */
    private static final String COLLECT = String.join("\n",
            "def collect(also_compiled, bootstrap):",
            "    import importlib, importlib.machinery, importlib.util, marshal, sys, _imp",
            "    from importlib import _bootstrap_external as external",
            "    for name in also_compiled:",
            "        vars(importlib.import_module(name))  # runs what the bootstrap left to run on first use",
            "    stdlib = sys.prefix + '" + BytecodeStore.STDLIB + "'",
            "    compiled = {}",
            "    for module in list(sys.modules.values()):",
            "        path = getattr(module, '__file__', None)",
            "        if not path or not path.endswith('.py') or not path.startswith(stdlib):",
            "            continue",
            "        with open(path, 'rb') as file:",
            "            source = file.read()",
            "        loader = importlib.machinery.SourceFileLoader(module.__name__, path)",
            "        code = loader.source_to_code(source, path)",
            "        pyc = external._code_to_hash_pyc(code, _imp.source_hash(external._RAW_MAGIC_NUMBER, source), True)",
            "        compiled[importlib.util.cache_from_source(path)[len(stdlib):]] = bytes(pyc)",
            "    for key, file, source in bootstrap:  # compiled as GraalPyRuntime's loader would compile it",
            "        compiled[str(key)] = marshal.dumps(compile(str(source), str(file), 'exec', dont_inherit=True))",
            "    return sorted(compiled.items())",
            "collect");

    private BytecodeCompiler() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: BytecodeCompiler <store.zip> <stamp file> <GraalPy version>");
        }
        Path store = Path.of(args[0]);
        Path stampFile = Path.of(args[1]);
        String stamp = stamp(args[2]);
        if (Files.isRegularFile(store) && Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
            return;
        }
        long start = System.nanoTime();
        int count;
        try (GraalPyRuntime runtime = new GraalPyRuntime(BytecodeStore.empty());
                PythonContext python = runtime.newContext(OutputStream.nullOutputStream(), System.err)) {
            Value compiled = python.call(python.eval(COLLECT), ALSO_COMPILED, bootstrapToCompile());
            count = write(compiled, store);
        }
        Files.createDirectories(stampFile.toAbsolutePath().getParent());
        Files.writeString(stampFile, stamp);
        System.out.printf("[async-graalpy] precompiled %d standard-library modules and the bootstrap's %d for sandboxed contexts in %.1f s%n",
                count - BootstrapSources.MODULES.size(), BootstrapSources.MODULES.size(), (System.nanoTime() - start) / 1e9);
        System.exit(0);
    }

    /** {@code [store key, file name, source]} per bootstrap module: the name its code carries, as the loader gives it. */
    private static List<List<String>> bootstrapToCompile() {
        return BootstrapSources.read().stream().map(module -> List.of(BytecodeStore.bootstrapKey(module.get(0), module.get(1)),
                BootstrapSources.FOLDER + module.get(0) + ".py", module.get(1))).toList();
    }

    private static int write(Value compiled, Path store) throws IOException {
        Files.createDirectories(store.toAbsolutePath().getParent());
        Path partial = store.resolveSibling(store.getFileName() + ".partial");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(partial))) {
            for (long i = 0; i < compiled.getArraySize(); i++) {
                Value keyAndBytes = compiled.getArrayElement(i);
                ZipEntry entry = new ZipEntry(keyAndBytes.getArrayElement(0).asString());
                entry.setTime(0);
                zip.putNextEntry(entry);
                Value bytes = keyAndBytes.getArrayElement(1);
                byte[] data = new byte[(int) bytes.getBufferSize()];
                bytes.readBuffer(0, data, 0, data.length);
                zip.write(data);
                zip.closeEntry();
            }
        }
        Files.move(partial, store, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return (int) compiled.getArraySize();
    }

    /** What the store depends on: the GraalPy version, the bootstrap that decides what is imported, and the extra modules. */
    private static String stamp(String graalPyVersion) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (List<String> module : BootstrapSources.read()) {
                digest.update(String.join("\n", module).getBytes(StandardCharsets.UTF_8));
            }
            digest.update(String.join(",", ALSO_COMPILED).getBytes(StandardCharsets.UTF_8));
            // The second line names what the store holds beyond the standard library: a store made before holds less.
            return "GraalPy " + graalPyVersion + "\n" + "and the bootstrap's code\n"
                    + HexFormat.of().formatHex(digest.digest()) + "\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
