package io.github.asyncgraalpy.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.FileSystem;

/**
 * A folder of installed Python packages ({@link PackageInstaller} makes one) as a sandboxed context sees it: mounted
 * at {@value #MOUNT}, read-only, and nothing outside the folder reachable through it, whatever a path spells
 * ({@code ..}) or a symbolic link in the folder points to.
 *
 * <p>Made only from a folder with no native code in it: a package that needs native code is refused with a sentence
 * that names it, because the sandbox cannot load native code and the package would fail later, at its first import.
 */
final class PackageTree {

    /** Where Python sees the packages: appended to {@code sys.path}, after the standard library, as site-packages is. */
    static final String MOUNT = "/python-packages";

    /**
     * Puts the packages on the import path of a context: {@code python_packages.py}, run only in contexts of a runtime
     * that has packages, after the bootstrap (a context without packages pays nothing for them); nothing is imported
     * until a script imports it.
     */
    static final Source ON_IMPORT_PATH = pythonSource("python_packages.py", "add_packages");

    private final Path root;
    /** The host's files, read-only: every path given to it has passed {@link #hostPath}. */
    private final FileSystem host = FileSystem.newReadOnlyFileSystem(FileSystem.newDefaultFileSystem());

    private PackageTree(Path root) {
        this.root = root;
    }

    /**
     * The tree at {@code folder}, checked.
     *
     * @throws IllegalArgumentException when it is no folder, or holds a package that needs native code (naming it)
     */
    static PackageTree of(Path folder) {
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("the Python packages folder " + folder + " does not exist: install the packages first"
                    + " (PackageInstaller, docs/packages.md)", e);
        }
        if (!Files.isDirectory(real)) {
            throw new IllegalArgumentException("the Python packages folder " + folder + " is not a folder");
        }
        nativeCodeIn(real).ifPresent(refusal -> {
            throw new IllegalArgumentException(refusal);
        });
        return new PackageTree(real);
    }

    /**
     * The host file that {@code virtual} (absolute, normalized, under {@link #MOUNT}) stands for, once it is known to
     * lie inside the tree after every symbolic link is followed.
     *
     * @throws NoSuchFileException when there is no such file
     * @throws AccessDeniedException when it, or a link on its way, leads out of the tree
     */
    Path hostPath(Path virtual) throws IOException {
        Path lexical = root;
        for (Path name : mountPoint(virtual).relativize(virtual)) {
            lexical = lexical.resolve(name.toString());
        }
        // The virtual path is normalized, so no ".." climbs out; a link in the tree still may, wherever it points.
        if (!lexical.toRealPath().startsWith(root)) {
            throw outside(virtual);
        }
        return lexical;
    }

    /** The virtual path Python sees for {@code hostFile}, a path under the tree. */
    private Path virtualPath(Path virtualOfRoot, Path hostFile) {
        Path virtual = virtualOfRoot;
        for (Path name : root.relativize(hostFile)) {
            if (!name.toString().isEmpty()) {
                virtual = virtual.resolve(name.toString());
            }
        }
        return virtual;
    }

    // What SandboxFileSystem asks of a path under MOUNT (absolute and normalized): the same operations on the host file
    // it stands for, read-only, answered with virtual paths, so that Python never learns where the tree lies.

    Path toRealPath(Path virtual) throws IOException {
        return virtualPath(mountPoint(virtual), hostPath(virtual).toRealPath());
    }

    void checkAccess(Path virtual, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
        host.checkAccess(hostPath(virtual), modes, linkOptions);
    }

    Map<String, Object> readAttributes(Path virtual, String attributes, LinkOption... linkOptions) throws IOException {
        return host.readAttributes(hostPath(virtual), attributes, linkOptions);
    }

    SeekableByteChannel newByteChannel(Path virtual, Set<? extends OpenOption> options, FileAttribute<?>... attributes) throws IOException {
        return host.newByteChannel(hostPath(virtual), options, attributes);
    }

    DirectoryStream<Path> newDirectoryStream(Path virtual, DirectoryStream.Filter<? super Path> filter) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> listing = host.newDirectoryStream(hostPath(virtual), entry -> true)) {
            for (Path entry : listing) {
                Path named = virtual.resolve(entry.getFileName().toString());
                if (filter.accept(named)) {
                    entries.add(named);
                }
            }
        }
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return entries.iterator();
            }

            @Override
            public void close() {}
        };
    }

    static boolean isUnder(Path absolute) {
        return absolute.getNameCount() > 0 && absolute.isAbsolute() && absolute.getName(0).toString().equals(MOUNT.substring(1));
    }

    private static Path mountPoint(Path virtual) {
        return virtual.getRoot().resolve(MOUNT.substring(1));
    }

    private static AccessDeniedException outside(Path virtual) {
        return new AccessDeniedException(virtual.toString(), null,
                "leads out of the Python packages folder: denied in this GraalPy sandbox (see docs/packages.md)");
    }

    private static Source pythonSource(String resource, String function) {
        try (InputStream in = PackageTree.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path next to " + PackageTree.class.getName());
            }
            String source = new String(in.readAllBytes(), StandardCharsets.UTF_8) + "\n" + function + "\n";
            return Source.newBuilder("python", source, "<asyncgraalpy " + resource + ">").buildLiteral();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Why the tree at {@code root} cannot be served, naming the package: a wheel tagged for an interpreter's ABI or a
     * platform (anything but {@code none-any}), or a shared library among its files. Empty when it is pure Python.
     */
    static Optional<String> nativeCodeIn(Path root) {
        try {
            Map<Path, String> owners = new HashMap<>();
            List<String> refusals = new ArrayList<>();
            try (Stream<Path> distributions = Files.list(root)) {
                for (Path info : distributions.filter(p -> p.getFileName().toString().endsWith(".dist-info")).sorted().toList()) {
                    String distribution = distributionName(info);
                    nativeTag(info).ifPresent(tag -> refusals.add(distribution + " (its wheel is tagged " + tag
                            + ", built for one interpreter and platform, not pure Python)"));
                    for (Path file : recordedFiles(root, info)) {
                        owners.put(file, distribution);
                    }
                }
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                        .filter(SandboxFileSystem::isNativeLibrary).sorted().toList()) {
                    String owner = owners.getOrDefault(file.normalize(), topLevelName(root, file));
                    refusals.add(owner + " (it holds the native library " + root.relativize(file) + ")");
                }
            }
            if (refusals.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of("the Python package " + String.join(", and the package ", refusals) + " needs native code, which"
                    + " this GraalPy sandbox cannot load: use a pure-Python package (a py3-none-any wheel) instead (see docs/packages.md)");
        } catch (IOException e) {
            throw new UncheckedIOException("reading the Python packages folder " + root, e);
        }
    }

    /** {@code h11 0.16.0} for {@code h11-0.16.0.dist-info}. */
    private static String distributionName(Path info) {
        String name = info.getFileName().toString();
        name = name.substring(0, name.length() - ".dist-info".length());
        int dash = name.lastIndexOf('-');
        return dash < 0 ? "'" + name + "'" : "'" + name.substring(0, dash) + "' " + name.substring(dash + 1);
    }

    /** The first tag of the wheel's {@code WHEEL} file that is not pure Python ({@code py3-none-any}), if any. */
    private static Optional<String> nativeTag(Path info) throws IOException {
        Path wheel = info.resolve("WHEEL");
        if (!Files.isRegularFile(wheel)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(wheel)) {
            if (line.startsWith("Tag:")) {
                String tag = line.substring("Tag:".length()).trim();
                if (!tag.endsWith("-none-any")) {
                    return Optional.of(tag);
                }
            } else if (line.replace(" ", "").equalsIgnoreCase("Root-Is-Purelib:false")) {
                return Optional.of("Root-Is-Purelib: false");
            }
        }
        return Optional.empty();
    }

    /** The files a distribution's {@code RECORD} lists, resolved against the tree. */
    private static List<Path> recordedFiles(Path root, Path info) throws IOException {
        Path record = info.resolve("RECORD");
        if (!Files.isRegularFile(record)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (String line : Files.readAllLines(record)) {
            int comma = line.indexOf(',');
            String name = comma < 0 ? line : line.substring(0, comma);
            if (!name.isBlank()) {
                files.add(root.resolve(name).normalize());
            }
        }
        return files;
    }

    /** For a file no RECORD lists: the top-level package or module it sits in. */
    private static String topLevelName(Path root, Path file) {
        Path first = root.relativize(file).getName(0);
        String name = first.toString();
        int dot = name.indexOf('.');
        return "'" + (dot > 0 ? name.substring(0, dot) : name) + "'";
    }
}
