package io.github.asyncgraalpy.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.graalvm.home.Version;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;

/**
 * A build step, not a runtime API: installs pinned Python packages into a folder that
 * {@link GraalPyRuntime.Builder#pythonPackages(Path)} serves to sandboxed contexts, with GraalPy's own installer (the
 * {@code pip} GraalPy ships, run by GraalPy), and precompiles them to {@code .pyc} with the same GraalPy.
 *
 * <p>Usage: {@code PackageInstaller <requirements.txt> <folder> [pip option ...]}. Every requirement must be pinned
 * with {@code ==} and carry its {@code --hash} (pip's hash-checking mode: a build installs exactly those files or
 * fails), dependencies included; only wheels are taken, so nothing of a package runs at build time; a package that
 * needs native code is refused with a sentence that names it, and the folder keeps what it held. Pip options after the
 * folder (for instance {@code --index-url=URL}) go to pip as they are; one with an empty value is left out. Nothing is
 * done when the folder was made from the same requirements, options and GraalPy (a stamp beside it says so), so a
 * build pays for the installation once. See {@code docs/packages.md}.
 */
public final class PackageInstaller {

    /** Changes when what the installer makes changes, so that a folder made by an older one is made again. */
    private static final String FORMAT = "async-graalpy packages 1";

    /** Runs in the installing context: GraalPy's bundled pip, then GraalPy's compileall with checked-hash .pyc. */
    private static final String INSTALL = String.join("\n",
            "def install(requirements, folder, pip_options):",
            "    import ensurepip, glob, os, sys",
            "    bundled = sorted(glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), '_bundled', 'pip-*.whl')))",
            "    if not bundled:",
            "        raise RuntimeError('this GraalPy has no bundled pip (ensurepip/_bundled)')",
            "    sys.path.insert(0, bundled[-1])",
            "    from pip._internal.cli.main import main",
            "    arguments = ['install', '--target', folder, '--require-hashes', '--only-binary=:all:', '--no-compile',",
            "                 '--no-input', '--disable-pip-version-check', '--root-user-action=ignore', '--progress-bar=off',",
            "                 '-r', requirements] + [option for option in pip_options.split('\\0') if option]",
            "    try:",
            "        code = main(arguments)",
            "    except SystemExit as exit:",
            "        code = exit.code",
            "    return code or 0",
            "def precompile(folder):",
            "    import compileall, py_compile",
            "    return compileall.compile_dir(folder, quiet=1, invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)",
            "(install, precompile)");

    private PackageInstaller() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: PackageInstaller <requirements.txt> <folder> [pip option ...]");
            System.exit(2);
        }
        Path requirements = Path.of(args[0]).toAbsolutePath();
        Path folder = Path.of(args[1]).toAbsolutePath();
        List<String> pipOptions = pipOptions(List.of(args).subList(2, args.length));
        if (!Files.isRegularFile(requirements)) {
            System.err.println("[async-graalpy] no requirements file " + requirements);
            System.exit(2);
        }
        if (upToDate(requirements, folder, pipOptions)) {
            return;
        }
        Path stampFile = stampFile(folder);
        String stamp = stamp(requirements, pipOptions);
        long start = System.nanoTime();
        String refusal = install(requirements, folder, pipOptions);
        if (refusal != null) {
            System.err.println("[async-graalpy] " + refusal);
            System.exit(1);
        }
        Files.writeString(stampFile, stamp);
        System.out.printf("[async-graalpy] installed the Python packages of %s into %s in %.1f s%n", requirements.getFileName(), folder,
                (System.nanoTime() - start) / 1e9);
        System.exit(0);
    }

    /**
     * True when {@code folder} was made from these requirements and pip options (as the command line gives them) by
     * this GraalPy and installer, so that running the installer would do nothing: a caller that installs on demand
     * (the pair runner) asks this before it starts a JVM for the installer.
     */
    public static boolean upToDate(Path requirements, Path folder, List<String> pipOptions) throws IOException {
        Path stampFile = stampFile(folder.toAbsolutePath());
        return Files.isDirectory(folder) && Files.isRegularFile(stampFile)
                && Files.readString(stampFile).equals(stamp(requirements.toAbsolutePath(), pipOptions(pipOptions)));
    }

    /** The options that go to pip: all but those with an empty value ({@code --index-url=} from an empty property). */
    private static List<String> pipOptions(List<String> given) {
        List<String> options = new ArrayList<>();
        for (String option : given) {
            if (!option.endsWith("=")) {
                options.add(option);
            }
        }
        return options;
    }

    private static Path stampFile(Path folder) {
        return folder.resolveSibling(folder.getFileName() + ".stamp");
    }

    /**
     * Installs into a folder beside {@code folder}, checks and precompiles it there, then puts it in the place of the old
     * one; on any failure the old one stays as it was. Returns why it failed, or null.
     */
    private static String install(Path requirements, Path folder, List<String> pipOptions) throws IOException {
        Path staging = folder.resolveSibling(folder.getFileName() + ".partial");
        deleteTree(staging);
        Files.createDirectories(staging.getParent());
        // The build's own, trusted work, but no more than pip needs (no host objects, no other languages, no processes;
        // the options cross as one string):
        Context.Builder builder = Context.newBuilder("python")
                .allowIO(IOAccess.ALL) // the index (a URL or a folder), pip's configuration, the staging folder
                .allowEnvironmentAccess(EnvironmentAccess.INHERIT) // pip's settings (PIP_*, proxies) as the build has them
                .allowCreateThread(true) // pip's progress and download threads
                .allowNativeAccess(true) // GraalPy's native modules that pip imports (unicodedata, through idna)
                // Python's imports here must not write .pyc into GraalPy's home; compileall writes the folder's own.
                .option("python.DontWriteBytecodeFlag", "true");
        if (System.getenv("PIP_GRAALPY_PATCHES_URL") == null) {
            // GraalPy's pip fetches patches for packages it builds from source: none here (only wheels), and an
            // offline build would spend its retries on the fetch.
            builder.environment("PIP_GRAALPY_PATCHES_URL", "disabled");
        }
        try (Context python = builder.build()) {
            Value steps = python.eval("python", INSTALL);
            int code = steps.getArrayElement(0).execute(requirements.toString(), staging.toString(), String.join("\0", pipOptions)).asInt();
            if (code != 0) {
                deleteTree(staging);
                return "pip could not install " + requirements + " (exit code " + code + ", its reasons above);"
                        + " every requirement must be pinned (name==version) with its --hash, dependencies included (docs/packages.md)";
            }
            Files.createDirectories(staging);
            String nativeCode = PackageTree.nativeCodeIn(staging).orElse(null);
            if (nativeCode != null) {
                deleteTree(staging);
                return nativeCode;
            }
            if (!steps.getArrayElement(1).execute(staging.toString()).asBoolean()) {
                deleteTree(staging);
                return "GraalPy could not compile the installed packages (its reasons above)";
            }
        }
        deleteTree(folder);
        Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }

    /** What the folder depends on: the requirements, pip's options, the GraalPy that installs and compiles, this installer. */
    private static String stamp(Path requirements, List<String> pipOptions) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(requirements));
            digest.update(String.join("\n", pipOptions).getBytes(StandardCharsets.UTF_8));
            return FORMAT + "\nGraalPy " + Version.getCurrent() + "\n" + HexFormat.of().formatHex(digest.digest()) + "\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
