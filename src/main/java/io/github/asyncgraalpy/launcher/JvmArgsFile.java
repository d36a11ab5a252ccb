package io.github.asyncgraalpy.launcher;

import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code jvm.args}, the options every GraalPy JVM of this project starts with (the main job through
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
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: JvmArgsFile <dir holding module-path.txt and graal-compiler.jar>");
        }
        Path dir = Path.of(args[0]);
        String modulePath = Files.readString(dir.resolve("module-path.txt"), StandardCharsets.UTF_8).strip();
        Path compilerJar = dir.resolve("graal-compiler.jar");
        TruffleMode mode = TruffleMode.of(Runtime.version().feature(), isGraalVm(),
                ModuleFinder.ofSystem().find("jdk.internal.vm.ci").isPresent(), Files.isRegularFile(compilerJar));

        List<String> options = new ArrayList<>(mode.options(compilerJar));
        options.add("--module-path");
        options.add(modulePath);
        options.add("--add-modules");
        options.add(POLYGLOT_MODULE);
        if (Runtime.version().feature() >= 24) {
            // Truffle loads its native helpers and uses Unsafe on purpose; say so instead of printing warnings.
            options.add("--enable-native-access=org.graalvm.truffle");
            options.add("--sun-misc-unsafe-memory-access=allow");
        }
        options.add("-Dasyncgraalpy.truffle.mode=" + mode.name());

        String content = render(options);
        Path argsFile = dir.resolve("jvm.args");
        if (Files.isRegularFile(argsFile) && Files.readString(argsFile, StandardCharsets.UTF_8).equals(content)) {
            return;
        }
        Files.writeString(argsFile, content, StandardCharsets.UTF_8);
        System.out.println("[async-graalpy] " + describeJdk() + ": " + mode.description());
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
        INTERPRETED("no JDK " + GRAAL_COMPILER_JDK + " found by Maven's toolchain discovery, so GraalPy runs interpreted"
                + " (correct, slower). Install a JDK " + GRAAL_COMPILER_JDK + " (`sdk env install` gives GraalVM) for the optimizing runtime.");

        private final String description;

        TruffleMode(String description) {
            this.description = description;
        }

        String description() {
            return description;
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
