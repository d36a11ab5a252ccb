package io.github.asyncgraalpy.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
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
 *
 * <p>It also holds the bootstrap's own modules ({@link BootstrapSources}) compiled by the same build, as {@code marshal}
 * data keyed by the SHA-256 of the source each was compiled from ({@link #BOOTSTRAP}): a context loads that code
 * instead of compiling about 3,000 lines, which the runtime's first context paid on a cold JVM (docs/startup.md).
 * These are never served as files.
 */
final class BytecodeStore {

    /** The class-path resource, next to this class, that {@link BytecodeCompiler} writes. */
    static final String RESOURCE = "stdlib-bytecode.zip";
    /** Where the standard library sits under GraalPy's home; keys are relative to it. */
    static final String STDLIB = "/lib/python3.12/";
    /** Where the bootstrap's compiled modules sit in the store: {@code bootstrap/<module>-<SHA-256 of its source>.code}. */
    static final String BOOTSTRAP = "bootstrap/";
    /**
     * Whether contexts load the bootstrap's code from the store: {@code -Dasyncgraalpy.bootstrapBytecode=false} compiles
     * it in every context, as before, to measure the lever or to rule it out. Read once, here.
     */
    static final boolean BOOTSTRAP_CODE = !"false".equals(System.getProperty("asyncgraalpy.bootstrapBytecode"));

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

    /** The store's key for a bootstrap module's code compiled from exactly {@code source}. */
    static String bootstrapKey(String module, String source) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(source.getBytes(StandardCharsets.UTF_8));
            return BOOTSTRAP + module + "-" + HexFormat.of().formatHex(digest) + ".code";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code [name, source, code]} per module of {@code bootstrap} ({@code [name, source]} each): the code is its
     * {@code marshal} data as a Latin-1 string (a Java string reaches Python as a str, cheaply) when the store holds
     * code compiled from this very source, else null (the loader compiles that module).
     */
    List<List<String>> withBootstrapCode(List<List<String>> bootstrap) {
        List<List<String>> out = new ArrayList<>(bootstrap.size());
        for (List<String> module : bootstrap) {
            byte[] code = BOOTSTRAP_CODE ? files.get(bootstrapKey(module.get(0), module.get(1))) : null;
            out.add(Arrays.asList(module.get(0), module.get(1), code == null ? null : new String(code, StandardCharsets.ISO_8859_1)));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The bytecode for {@code path} if it is a {@code __pycache__} file of the standard library in GraalPy's home that
     * this store holds, else null.
     */
    byte[] find(Path path) {
        String text = path.toString();
        if (!text.endsWith(".pyc") || !SandboxFileSystem.inPythonHome(path)) {  // never the bootstrap's .code
            return null;
        }
        int stdlib = text.lastIndexOf(STDLIB);
        return stdlib < 0 ? null : files.get(text.substring(stdlib + STDLIB.length()));
    }
}
