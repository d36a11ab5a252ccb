package io.github.asyncgraalpy.runner;

import io.github.asyncgraalpy.runtime.PackageInstaller;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packages of a {@link PairRequirements} file, made ready for every column: for GraalPy, a folder that
 * {@link PackageInstaller} fills (GraalPy's pip, hash-checked wheels, native code refused) and that the columns'
 * runtimes serve with {@code pythonPackages}; for CPython and each further interpreter, a virtual environment made with
 * its own {@code -m venv} and filled by its pip from the same file with the same checks ({@code --require-hashes
 * --only-binary=:all:}) and index. Both are made once, under one folder per requirements file, and reused while the
 * file (its bytes), the index options and the interpreter are the same (a stamp beside each says what it was made
 * from); a change makes them again. Two JVMs that need them at once (the main job and a test JVM, or two test JVMs)
 * take turns through a file lock, so one makes them and the other reuses them.
 */
public final class PairPackages {

    /** Where the installations go; empty: {@code target/pair-packages}. */
    static final String HOME_PROPERTY = "asyncgraalpy.pairPackages";
    /** The index pip installs from ({@code -Dpython.index.url}, as the build's own installs); empty: pip's configuration. */
    static final String INDEX_PROPERTY = "asyncgraalpy.pythonIndexUrl";
    /** What a virtual environment's stamp is made of changes with this. */
    private static final String VENV_FORMAT = "async-graalpy pair venv 1";
    private static final long INSTALL_TIMEOUT_MINUTES = 10;
    /** A JVM's turns at the same folder, as the file lock is the JVM's, not a thread's. */
    private static final Object IN_THIS_JVM = new Object();

    private final Path home;
    private final List<String> pipOptions;
    private final Path jvmDir;
    private final PrintStream console;

    /**
     * @param home the folder that holds one folder per requirements file
     * @param pipOptions options for every pip run ({@code --index-url=URL}); one with an empty value is left out
     * @param jvmDir where the build wrote the JVM options ({@code startup.args}) the GraalPy installer starts with
     * @param console where an installation says what it did (nothing is said when all is reused)
     */
    public PairPackages(Path home, List<String> pipOptions, Path jvmDir, PrintStream console) {
        this.home = home.toAbsolutePath();
        this.pipOptions = pipOptions.stream().filter(option -> !option.endsWith("=")).toList();
        this.jvmDir = jvmDir;
        this.console = console;
    }

    /** As the main job's properties say: {@code target/pair-packages}, the build's index, no retries (as the build's installs). */
    public static PairPackages fromSystemProperties(Path jvmDir, PrintStream console) {
        String home = System.getProperty(HOME_PROPERTY, "").strip();
        String index = System.getProperty(INDEX_PROPERTY, "").strip();
        return new PairPackages(Path.of(home.isEmpty() ? "target/pair-packages" : home), List.of("--index-url=" + index, "--retries=0"),
                jvmDir, console);
    }

    /** Why the packages cannot be had, in one line; the pairs do not run. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message) {
            super(message);
        }
    }

    /**
     * The folder GraalPy's columns serve ({@code GraalPyRuntime.Builder.pythonPackages}): installed by
     * {@link PackageInstaller} in a JVM of its own when it is not up to date, reused as it is otherwise.
     *
     * @throws Unusable when pip cannot install them or a package needs native code: the installer's reason
     */
    public Path forGraalPy(PairRequirements requirements) throws Unusable {
        Path folder = folderOf(requirements).resolve("graalpy");
        return inTurn(requirements, () -> {
            if (PackageInstaller.upToDate(requirements.file(), folder, pipOptions)) {
                return folder;
            }
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            Path options = jvmDir.resolve("startup.args").toAbsolutePath();
            if (Files.isRegularFile(options)) {
                command.add("@" + options); // the polyglot jars' module path, as every GraalPy step of the build has it
            }
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), PackageInstaller.class.getName(),
                    requirements.file().toString(), folder.toString()));
            command.addAll(pipOptions);
            Ran installer = run(command, folderOf(requirements).resolve("graalpy-install.log"));
            String last = installer.lastLine();
            if (installer.status() != 0 || !PackageInstaller.upToDate(requirements.file(), folder, pipOptions)) {
                throw new Unusable(requirements.file() + ": GraalPy's packages cannot be installed: "
                        + installer.said().stream().filter(line -> line.startsWith("[async-graalpy] ")).reduce((first, second) -> second)
                                .map(line -> line.substring("[async-graalpy] ".length())).orElse(last)
                        + " (all it said: " + folderOf(requirements).resolve("graalpy-install.log") + ")");
            }
            console.println(last.isEmpty() ? "[async-graalpy] installed the packages of " + requirements.file() + " for GraalPy" : last);
            return folder;
        });
    }

    /**
     * {@code python} running in a virtual environment of its own that holds the packages, made with its
     * {@code -m venv} and its pip when it is not up to date; {@code python} as it is when it has no column anyway.
     *
     * @throws Unusable when the environment cannot be made or pip cannot install the packages: pip's last word
     */
    public CPython forCPython(PairRequirements requirements, CPython python) throws Unusable {
        if (!python.available()) {
            return python;
        }
        // Named by the interpreter itself, not the command that found it: python3 and its full path share one.
        Path interpreterPath = Path.of(python.interpreter());
        String name = "venv-" + interpreterPath.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + digest(python.interpreter().getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        Path venv = folderOf(requirements).resolve(name);
        Path stampFile = folderOf(requirements).resolve(name + ".stamp");
        return inTurn(requirements, () -> {
            String stamp = String.join("\n", VENV_FORMAT, python.interpreter(), python.version().orElse(""),
                    digest(Files.readAllBytes(requirements.file())), String.join(" ", pipOptions), "");
            Path interpreter = venv.resolve("bin").resolve("python");
            if (Files.isExecutable(interpreter) && Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
                return python.inEnvironment(venv, interpreter);
            }
            long start = System.nanoTime();
            Files.deleteIfExists(stampFile);
            deleteTree(venv);
            Path log = folderOf(requirements).resolve(name + ".log");
            boolean nothingToInstall = requirements.pins().isEmpty();
            List<String> make = new ArrayList<>(List.of(python.interpreter(), "-m", "venv"));
            if (nothingToInstall) {
                make.add("--without-pip"); // no pip to run: an environment without it is made in a tenth of the time
            }
            make.add(venv.toString());
            expectSuccess(run(make, log), requirements, python, "cannot make a virtual environment with " + String.join(" ", make), venv);
            if (!nothingToInstall) {
                List<String> install = new ArrayList<>(List.of(interpreter.toString(), "-m", "pip", "install", "--require-hashes",
                        "--only-binary=:all:", "--no-input", "--disable-pip-version-check", "-r", requirements.file().toString()));
                install.addAll(pipOptions);
                expectSuccess(run(install, log), requirements, python, "its pip cannot install them", venv);
            }
            Files.writeString(stampFile, stamp);
            console.printf("[async-graalpy] installed the packages of %s into a virtual environment for %s: %s in %.1f s%n",
                    requirements.file(), python.executable(), venv, (System.nanoTime() - start) / 1e9);
            return python.inEnvironment(venv, interpreter);
        });
    }

    /** The folder of one requirements file: its folder's name and a hash of its path, so that two folders' files do not meet. */
    Path folderOf(PairRequirements requirements) {
        String folderName = requirements.file().getParent().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return home.resolve(folderName + "-" + digest(requirements.file().toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12));
    }

    private interface Step<T> {
        T run() throws IOException, Unusable;
    }

    /** One JVM, one thread of it, at a time makes or checks a requirements file's folder. */
    private <T> T inTurn(PairRequirements requirements, Step<T> step) throws Unusable {
        Path folder = folderOf(requirements);
        synchronized (IN_THIS_JVM) {
            try {
                Files.createDirectories(folder);
                try (FileChannel channel = FileChannel.open(folder.resolveSibling(folder.getFileName() + ".lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock lock = channel.lock()) {
                    return step.run();
                }
            } catch (IOException e) {
                throw new Unusable(requirements.file() + ": cannot install its packages under " + folder + ": " + e);
            }
        }
    }

    /** How a command ended, and the lines it said (stdout and stderr, blank ones left out). */
    private record Ran(int status, List<String> said) {
        String lastLine() {
            return said.isEmpty() ? "" : said.get(said.size() - 1);
        }
    }

    /** Runs a command to its end, what it says kept in {@code log}. */
    private static Ran run(List<String> command, Path log) throws IOException, Unusable {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new Unusable(String.join(" ", command) + " took over " + INSTALL_TIMEOUT_MINUTES + " minutes (its output: " + log + ")");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new Unusable("interrupted while running " + String.join(" ", command));
        }
        return new Ran(process.exitValue(), Files.readAllLines(log).stream().map(String::strip).filter(line -> !line.isEmpty()).toList());
    }

    private static void expectSuccess(Ran ran, PairRequirements requirements, CPython python, String what, Path venv) throws Unusable {
        if (ran.status() != 0) {
            throw new Unusable(requirements.file() + ": no virtual environment for " + python.executable() + " (" + venv + "): " + what
                    + ": " + (ran.said().isEmpty() ? "exit status " + ran.status() : ran.lastLine()));
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        PairRunner.deleteQuietly(folder);
        if (Files.exists(folder)) {
            throw new IOException("cannot delete " + folder + " to make it again");
        }
    }
}
