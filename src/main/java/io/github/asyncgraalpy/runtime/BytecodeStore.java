package io.github.asyncgraalpy.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Precompiled bytecode for the standard-library modules every context imports, made at build time by GraalPy itself
 * ({@link BytecodeCompiler}) and served read-only by {@link SandboxFileSystem} where Python's import system looks for
 * it: {@code <GraalPy home>/lib/python3.12/asyncio/__pycache__/base_events.graalpy250-312.pyc}.
 *
 * <p>GraalPy ships no {@code .pyc}, and a sandbox without host writes cannot cache its own, so without this store
 * every context compiles the standard library again. The files are PEP 552 checked-hash {@code .pyc}: Python
 * compares each with the hash of the source it stands for and compiles the source instead when they differ, so a
 * store that does not match the GraalPy it runs on costs time, never correctness. A missing store is the same as an
 * empty one.
 */
final class BytecodeStore {

    /** The class-path resource, next to this class, that {@link BytecodeCompiler} writes. */
    static final String RESOURCE = "stdlib-bytecode.zip";
    /** Where the standard library sits under GraalPy's home; keys are relative to it. */
    static final String STDLIB = "/lib/python3.12/";

    private static final BytecodeStore EMPTY = new BytecodeStore(Map.of());

    private final Map<String, byte[]> files;

    private BytecodeStore(Map<String, byte[]> files) {
        this.files = files;
    }

    static BytecodeStore empty() {
        return EMPTY;
    }

    /** The store on the class path, or an empty one when the build made none. */
    static BytecodeStore load() {
        try (InputStream in = BytecodeStore.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return EMPTY;
            }
            Map<String, byte[]> files = new HashMap<>();
            try (ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    files.put(entry.getName(), zip.readAllBytes());
                }
            }
            return new BytecodeStore(Map.copyOf(files));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the precompiled standard library " + RESOURCE, e);
        }
    }

    /** How many modules it holds. */
    int size() {
        return files.size();
    }

    /**
     * The bytecode for {@code path} if it is a {@code __pycache__} file of the standard library in GraalPy's home that
     * this store holds, else null.
     */
    byte[] find(Path path) {
        String text = path.toString();
        if (!text.endsWith(".pyc") || !SandboxFileSystem.inPythonHome(path)) {
            return null;
        }
        int stdlib = text.lastIndexOf(STDLIB);
        return stdlib < 0 ? null : files.get(text.substring(stdlib + STDLIB.length()));
    }
}
