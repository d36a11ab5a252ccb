package io.github.asyncgraalpy.runtime;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.io.IOAccess;

/**
 * What Python may do in every context of this project: the least that the examples and the bridge need.
 *
 * <p>Each permission below says why it is there; everything not named is denied, and {@code SandboxTest} proves
 * the denials.
 */
public final class Sandbox {

    /**
     * Packages whose public classes Python may look up with {@code java.type}: the library's Python-facing API, not
     * their {@code internal} subpackages. An application adds its own through {@link GraalPyRuntime#builder()}.
     */
    public static final List<String> PYTHON_VISIBLE_PACKAGES = List.of(
            "io.github.asyncgraalpy.coroutine.",
            "io.github.asyncgraalpy.bridge.");

    /**
     * JDK types Python may look up by name: the interfaces the runtime gives Python special methods to ({@code async
     * for} over Java iterables and iterators, {@code async with} a Java resource, {@code await} a Java future), and
     * {@code java.lang.Object}, which it gives a Python type per Java class so that errors name the class, and
     * {@code java.lang.Throwable}, which it makes a Python {@code Exception} so that {@code except Exception} catches
     * what a project class throws. None of them has an exported member or constructor: looking them up reaches
     * nothing else.
     */
    public static final Set<String> JDK_CLASS_ALLOWLIST = Set.of("java.lang.Object", "java.lang.Throwable",
            "java.lang.Iterable", "java.util.Iterator", "java.lang.AutoCloseable", "java.util.concurrent.CompletionStage");

    private Sandbox() {}

    /** True when Python may look up {@code className} with {@code java.type}. */
    public static boolean mayLookUp(String className) {
        // The packages themselves, not their subpackages: nothing internal is Python's to name (the bootstrap is
        // handed the internal classes it registers types on).
        int lastDot = className.lastIndexOf('.');
        return JDK_CLASS_ALLOWLIST.contains(className)
                || lastDot > 0 && PYTHON_VISIBLE_PACKAGES.contains(className.substring(0, lastDot + 1));
    }

    /**
     * Only members annotated {@link HostAccess.Export} are visible. Java iterators and iterables stay Python
     * iterables because the tutorial's iterator protocol is what the examples are about; Java lists that Java code
     * hands over (results, recorded events) read as Python lists, and Java maps as mappings.
     */
    static final HostAccess HOST_ACCESS = HostAccess.newBuilder()
            .allowAccessAnnotatedBy(HostAccess.Export.class)
            .allowIteratorAccess(true)
            .allowIterableAccess(true)
            .allowListAccess(true)
            .allowMapAccess(true)
            .build();

    /** A permission beyond the default sandbox, asked for by name; each says what it opens and what needs it. */
    public enum Grant {
        /**
         * Python may start threads of its own. Code that measures or drives asyncio from Python threads needs it:
         * futures completed with {@code call_soon_threadsafe}, {@code run_coroutine_threadsafe} from a Python thread.
         * Java threads need no grant to run Python; scripts of unknown origin should not get this one.
         */
        PYTHON_THREADS
    }

    static Context.Builder apply(Context.Builder builder, Set<Grant> grants, BytecodeStore bytecode, HostLookup lookup) {
        return apply(builder, grants, bytecode, lookup, null);
    }

    /** {@link #apply(Context.Builder, Set, BytecodeStore, HostLookup)} with Python packages to serve, read-only (null: none). */
    static Context.Builder apply(Context.Builder builder, Set<Grant> grants, BytecodeStore bytecode, HostLookup lookup, PackageTree packages) {
        return apply(builder, grants, bytecode, lookup, packages, IdentityFolder.of(List.of()));
    }

    /** {@link #apply(Context.Builder, Set, BytecodeStore, HostLookup, PackageTree)} with server identities to serve, read-only. */
    static Context.Builder apply(Context.Builder builder, Set<Grant> grants, BytecodeStore bytecode, HostLookup lookup, PackageTree packages,
            IdentityFolder identities) {
        return checkedByGraalVm(builder, grants, bytecode, lookup, packages, identities)
                // The deviations from GraalVM's CONSTRAINED policy, each for its reason (TRUSTED_ONLY):
                .allowHostAccess(HOST_ACCESS)
                .option("python.DontWriteBytecodeFlag", "true");
    }

    /**
     * The settings of this sandbox that GraalVM's {@link SandboxPolicy#CONSTRAINED} policy would refuse, each with why
     * the project keeps it. {@link #apply} is {@link #constrained} plus exactly these; {@code SandboxPolicyTest} has
     * GraalVM validate the rest, so a change that weakens the sandbox beyond them fails the build.
     */
    static final Map<String, String> TRUSTED_ONLY = Map.of(
            "engine option python.CatchAllExceptions",
            "the lowest layer of the denial surface: a Java exception inside GraalPy (an operation its Java POSIX backend"
                    + " lacks or the sandbox excludes) becomes a Python SystemError that except catches, instead of an"
                    + " internal error that ends the script (GraalPyRuntime, DenialSurfaceTest)",
            "context option python.DontWriteBytecodeFlag",
            "the file system is read-only: without it Python would try, and fail, to write a .pyc beside every module it"
                    + " compiles",
            "HostAccess mutable target mappings",
            "Java reads Python lists and dicts as java.util.List and Map views (Value.as, and lists Python hands to a"
                    + " Java parameter, as wrap_futures' iterables): without the mappings 14 of the suite's tests fail with"
                    + " 'Unsupported target type'");

    /**
     * {@link #apply}'s configuration without the {@link #TRUSTED_ONLY} settings, under GraalVM's {@link
     * SandboxPolicy#CONSTRAINED} policy: building a context with it has GraalVM check everything else. The engine
     * must be a CONSTRAINED one too ({@code Engine.newBuilder().sandbox(SandboxPolicy.CONSTRAINED)}).
     */
    static Context.Builder constrained(Context.Builder builder, Set<Grant> grants, BytecodeStore bytecode, HostLookup lookup) {
        return checkedByGraalVm(builder, grants, bytecode, lookup, null, IdentityFolder.of(List.of()))
                .allowHostAccess(HostAccess.newBuilder(HOST_ACCESS).allowMutableTargetMappings().build())
                .sandbox(SandboxPolicy.CONSTRAINED);
    }

    /** Everything both {@link #apply} and {@link #constrained} set: all of the sandbox but its TRUSTED_ONLY settings. */
    private static Context.Builder checkedByGraalVm(Context.Builder builder, Set<Grant> grants, BytecodeStore bytecode, HostLookup lookup,
            PackageTree packages, IdentityFolder identities) {
        lookup.classLoader().ifPresent(builder::hostClassLoader);
        return builder
                .allowHostClassLookup(lookup::mayLookUp)
                // Python reads GraalPy's standard library and its precompiled bytecode, read-only, the runtime's Python
                // packages if it has any, read-only, the server identities granted, read-only, and sees an empty
                // working directory; nothing else of the host's
                // files (SandboxFileSystem says why not IOAccess.NONE).
                // Sockets are denied in Python (asyncgraalpy/_guards.py); the Java-backed event loop is why asyncio needs none.
                .allowIO(IOAccess.newBuilder().fileSystem(new SandboxFileSystem(bytecode, packages, identities)).build())
                // The host's standard input is the host's: a script reads end of file.
                .in(InputStream.nullInputStream())
                .allowCreateProcess(false)
                // Python threads are denied unless granted; Java threads may still enter the context (that needs
                // no permission).
                .allowCreateThread(grants.contains(Grant.PYTHON_THREADS))
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE);
    }
}
