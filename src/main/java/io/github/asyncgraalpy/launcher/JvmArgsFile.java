package io.github.asyncgraalpy.launcher;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the option files every GraalPy JVM of this project starts with, one per mode (the main job through
 * {@code exec:exec}, the tests through Surefire's {@code argLine}).
 *
 * <p>The build runs this class on the JDK that Maven's toolchain selection chose, so it can look at that JDK and
 * decide how GraalPy runs on it. The file is rewritten, and the choice announced, only when it changes: the
 * announcement appears once, not on every build.
 */
public final class JvmArgsFile {

    private static final String POLYGLOT_MODULE = "org.graalvm.polyglot";
    /** GraalPy 25.0.x ships a Graal compiler built against this JDK's JVMCI, and no other. */
    private static final int GRAAL_COMPILER_JDK = 25;

    private JvmArgsFile() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: JvmArgsFile <dir holding module-path.txt and graal-compiler.jar> <JDK range>");
        }
        Path dir = Path.of(args[0]);
        String jdkRange = args[1];
        String modulePath = Files.readString(dir.resolve("module-path.txt"), StandardCharsets.UTF_8).strip();
        Path compilerJar = dir.resolve("graal-compiler.jar");
        int feature = Runtime.version().feature();
        TruffleMode mode = TruffleMode.of(feature, isGraalVm(),
                ModuleFinder.ofSystem().find("jdk.internal.vm.ci").isPresent(), Files.isRegularFile(compilerJar));

        List<String> common = new ArrayList<>();
        common.add("--module-path");
        common.add(modulePath);
        common.add("--add-modules");
        common.add(POLYGLOT_MODULE);
        if (feature >= 24) {
            // Truffle loads its native helpers and uses Unsafe on purpose; say so instead of printing warnings.
            common.add("--enable-native-access=org.graalvm.truffle");
            common.add("--sun-misc-unsafe-memory-access=allow");
        }

        List<String> optimizing = new ArrayList<>(mode.options(compilerJar));
        optimizing.addAll(common);
        optimizing.add("-D" + MODE_PROPERTY + "=" + mode.name());

        List<String> interpreted = new ArrayList<>(TruffleMode.INTERPRETED.options(compilerJar));
        interpreted.addAll(common);
        interpreted.add("-D" + MODE_PROPERTY + "=" + TruffleMode.INTERPRETED.name());

        boolean changed = write(dir.resolve(OPTIMIZING_ARGS), render(optimizing));
        changed |= write(dir.resolve(INTERPRETED_ARGS), render(interpreted));
        changed |= write(dir.resolve(STARTUP_ARGS), render(startupOptions(interpreted)));
        changed |= write(dir.resolve(AOT_ARGS), render(aotCacheOptions(feature, dir.resolve(AOT_CACHE))));
        changed |= writeJavaLink(dir.resolve("java"));
        if (changed) {
            System.out.println("[async-graalpy] " + describeJdk() + ", the newest in " + jdkRange + " that Maven's toolchain discovery found: "
                    + mode.description(jdkRange, feature) + ". Main job and tests start in the start-up mode (see docs/runner.md, 'JDK and runtime mode').");
        }
    }

    /** The optimizing runtime where the JDK has one (else interpreted): benchmarks, long-running embeddings. */
    public static final String OPTIMIZING_ARGS = "optimizing.args";
    /** GraalPy interpreted, HotSpot fully tiered: the tests, whose throughput cases need C2's code. */
    public static final String INTERPRETED_ARGS = "interpreted.args";
    /** The start-up mode: the main job and the build's own GraalPy steps (see {@link #startupOptions}). */
    public static final String STARTUP_ARGS = "startup.args";
    /** The options that map the main job's AOT cache (JDK 25+; empty before), kept apart so training can leave them out. */
    public static final String AOT_ARGS = "aot.args";
    /** The main job's AOT cache, made by {@link AotCache}. */
    public static final String AOT_CACHE = "startup.aot";
    /** Tells the JVM which mode its args file chose. */
    public static final String MODE_PROPERTY = "asyncgraalpy.truffle.mode";

    /**
     * Short jobs of short scripts (the runner's pairs, a {@code -Dscript} run) start faster without Truffle's
     * optimizing runtime on a small machine: its compiler threads compete with start-up for the cores and pay off
     * only in long-running code. So: GraalPy interpreted, and HotSpot's C1 alone for the JVM's own code, the GraalPy
     * interpreter included (C2's better code pays off later than these jobs last). README, "Start-up", has the figures.
     */
    static List<String> startupOptions(List<String> interpreted) {
        List<String> options = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1"));
        options.addAll(interpreted);
        return options;
    }

    /**
     * JDK 25's AOT cache (JEP 483, 514, 515): classes loaded and linked, and method profiles, from a training run.
     * A missing or stale cache is not an error; the JVM then starts as without one, and its logging is off so
     * that it does not print into the job's output.
     */
    static List<String> aotCacheOptions(int jdkFeature, Path cache) {
        if (jdkFeature < 25) {
            return List.of();
        }
        return List.of("-XX:AOTCache=" + cache.toAbsolutePath(), "-Xlog:aot=off", "-Xlog:cds=off");
    }

    private static boolean write(Path file, String content) throws IOException {
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            return false;
        }
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return true;
    }

    /**
     * {@code target/jvm/java}: the selected JDK's launcher, which the main job runs through
     * {@code src/main/launcher/java}, so that {@code exec:exec} without the build's lifecycle (and so without its
     * toolchain) still starts the JDK these options are for.
     */
    private static boolean writeJavaLink(Path link) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(java)) {
            return false;
        }
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, java);
        return true;
    }

    /** GraalVM says so in its vendor version; OpenJDK builds also ship a jdk.graal.compiler module, but an empty one. */
    private static boolean isGraalVm() {
        return (System.getProperty("java.vendor.version", "") + System.getProperty("java.vm.name", "")).contains("GraalVM");
    }

    private static String describeJdk() {
        return "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home");
    }

    /** One option per line, quoted as the java launcher's @argfiles want, so paths may hold spaces. */
    static String render(List<String> options) {
        StringBuilder out = new StringBuilder();
        for (String option : options) {
            out.append('"').append(option.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
        }
        return out.toString();
    }

    /** How Truffle runs GraalPy on a given JDK. */
    enum TruffleMode {
        /** A GraalVM JDK: JVMCI and the Graal compiler are built in. */
        GRAALVM("optimizing Truffle runtime (GraalVM JDK, built-in Graal compiler)"),
        /** Another JDK 25: enable JVMCI and put GraalPy's own Graal compiler on the upgrade module path. */
        JVMCI("optimizing Truffle runtime (JVMCI enabled, Graal compiler from Maven Central)"),
        /** Anything else: GraalPy still works, without compiling Python to machine code. */
        INTERPRETED("GraalPy runs interpreted (correct, slower in long runs); a JDK " + GRAAL_COMPILER_JDK
                + " gives the optimizing runtime");

        private final String description;

        TruffleMode(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }

        /** What the mode means for this build; when interpreted, why: the JDK range, no JDK 25 found, or no JVMCI. */
        String description(String jdkRange, int jdkFeature) {
            if (this != INTERPRETED) {
                return description;
            }
            if (!rangeAdmits(jdkRange, GRAAL_COMPILER_JDK)) {
                return description + ", but the JDK range " + jdkRange + " (-Djdk.range) leaves JDK " + GRAAL_COMPILER_JDK + " out";
            }
            if (jdkFeature != GRAAL_COMPILER_JDK) {
                return description + ", and toolchain discovery found none: install one (`sdk env install` gives GraalVM)";
            }
            return description + ", but this one has no JVMCI module or the compiler jar is missing";
        }

        /** Whether a Maven version range such as {@code [17,26)} or {@code [17,18)} admits the JDK feature release. */
        static boolean rangeAdmits(String range, int feature) {
            String inner = range.strip();
            if (inner.length() < 2 || "[(".indexOf(inner.charAt(0)) < 0 || "])".indexOf(inner.charAt(inner.length() - 1)) < 0) {
                return inner.equals(String.valueOf(feature));
            }
            String[] bounds = inner.substring(1, inner.length() - 1).split(",", -1);
            double lower = bounds[0].isBlank() ? Double.NEGATIVE_INFINITY : Double.parseDouble(bounds[0].strip());
            double upper = bounds.length < 2 || bounds[1].isBlank() ? Double.POSITIVE_INFINITY : Double.parseDouble(bounds[1].strip());
            boolean aboveLower = inner.charAt(0) == '[' ? feature >= lower : feature > lower;
            boolean belowUpper = inner.charAt(inner.length() - 1) == ']' ? feature <= upper : feature < upper;
            return aboveLower && belowUpper;
        }

        static TruffleMode of(int jdkFeature, boolean graalVm, boolean hasJvmci, boolean compilerJarPresent) {
            if (jdkFeature != GRAAL_COMPILER_JDK) {
                return INTERPRETED;
            }
            if (graalVm) {
                return GRAALVM;
            }
            if (hasJvmci && compilerJarPresent) {
                return JVMCI;
            }
            return INTERPRETED;
        }

        List<String> options(Path compilerJar) {
            switch (this) {
                case JVMCI:
                    return List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                            "--upgrade-module-path=" + compilerJar.toAbsolutePath());
                case INTERPRETED:
                    // The runner reports the mode itself; Truffle's own warning would repeat it on every start.
                    return List.of("-Dpolyglot.engine.WarnInterpreterOnly=false");
                default:
                    return List.of();
            }
        }
    }
}
