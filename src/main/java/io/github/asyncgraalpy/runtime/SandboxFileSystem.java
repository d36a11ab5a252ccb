package io.github.asyncgraalpy.runtime;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;

/**
 * Everything a sandboxed context sees of files: GraalPy's own home (its standard library), read-only; the
 * precompiled bytecode of the modules every context imports ({@link BytecodeStore}), read-only; the Python packages
 * the runtime was given, if any ({@link PackageTree}), read-only at {@value PackageTree#MOUNT}; and an empty,
 * read-only working directory, {@value #WORKING_DIRECTORY}; and the server identities the embedder granted, if any
 * ({@link IdentityFolder}), read-only at {@value ServerIdentity#MOUNT}. Nothing else of the host.
 *
 * <p>Why a file system of our own rather than {@code IOAccess.NONE}: GraalPy reports that one's denials as internal
 * errors that no {@code except} can catch ({@code os.getcwd()}, and so {@code tempfile} and {@code pathlib}, ended a
 * script with a Java stack trace). Here every denial is a {@link AccessDeniedException}, which Python raises as
 * {@code PermissionError}, and every path that does not exist a {@link NoSuchFileException}
 * ({@code FileNotFoundError}): one place sees every route to a file, whatever Python module takes it.
 */
final class SandboxFileSystem implements FileSystem {

    /** The working directory scripts see: {@code os.getcwd()}, where relative paths start. Empty and read-only. */
    static final String WORKING_DIRECTORY = "/sandbox";

    /** GraalPy's standard library, and only what Truffle lets a language read of its own resources. */
    private final FileSystem languageHome = FileSystem.allowInternalResourceAccess(FileSystem.newDenyIOFileSystem());
    private final BytecodeStore bytecode;
    /** The runtime's Python packages, or null: then {@value PackageTree#MOUNT} is a path like any other, denied. */
    private final PackageTree packages;
    private final Path workingDirectory;
    /** The granted server identities; with none, {@value ServerIdentity#MOUNT} is a path like any other, denied. */
    private final IdentityFolder identities;

    SandboxFileSystem(BytecodeStore bytecode) {
        this(bytecode, null, IdentityFolder.of(List.of()));
    }

    SandboxFileSystem(BytecodeStore bytecode, PackageTree packages, IdentityFolder identities) {
        this.bytecode = bytecode;
        this.packages = packages;
        this.identities = identities;
        this.workingDirectory = languageHome.parsePath(WORKING_DIRECTORY);
    }

    @Override
    public Path parsePath(URI uri) {
        return languageHome.parsePath(uri);
    }

    @Override
    public Path parsePath(String path) {
        return languageHome.parsePath(path);
    }

    @Override
    public Path toAbsolutePath(Path path) {
        return path.isAbsolute() ? path : workingDirectory.resolve(path);
    }

    @Override
    public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
        Path absolute = toAbsolutePath(path).normalize();
        if (isWorkingDirectory(absolute) || bytecode.find(absolute) != null) {
            return absolute;
        }
        if (identities.covers(absolute)) {
            identityAttributes(absolute);
            return absolute;
        }
        refuseNativeCode(absolute);
        if (inPackages(absolute)) {
            return packages.toRealPath(absolute);
        }
        return guarded(absolute, () -> languageHome.toRealPath(absolute, linkOptions));
    }

    @Override
    public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
        Path absolute = toAbsolutePath(path).normalize();
        if (modes.contains(AccessMode.WRITE)) {
            throw denied(absolute);
        }
        if (isWorkingDirectory(absolute) || bytecode.find(absolute) != null) {
            return;
        }
        if (identities.covers(absolute)) {
            identityAttributes(absolute);
            return;
        }
        if (inPackages(absolute)) {
            packages.checkAccess(absolute, modes, linkOptions);
            return;
        }
        guarded(absolute, () -> {
            languageHome.checkAccess(absolute, modes, linkOptions);
            return null;
        });
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... linkOptions) throws IOException {
        Path absolute = toAbsolutePath(path).normalize();
        if (isWorkingDirectory(absolute)) {
            return VirtualAttributes.directory();
        }
        byte[] pyc = bytecode.find(absolute);
        if (pyc != null) {
            return VirtualAttributes.file(pyc.length);
        }
        if (identities.covers(absolute)) {
            return identityAttributes(absolute);
        }
        if (inPackages(absolute)) {
            return packages.readAttributes(absolute, attributes, linkOptions);
        }
        return guarded(absolute, () -> languageHome.readAttributes(absolute, attributes, linkOptions));
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes) throws IOException {
        Path absolute = toAbsolutePath(path).normalize();
        boolean writes = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)
                || options.contains(StandardOpenOption.CREATE) || options.contains(StandardOpenOption.CREATE_NEW)
                || options.contains(StandardOpenOption.DELETE_ON_CLOSE);
        if (writes) {
            throw denied(absolute);
        }
        byte[] pyc = bytecode.find(absolute);
        if (pyc != null) {
            return new ReadOnlyBytes(pyc);
        }
        if (isWorkingDirectory(absolute)) {
            throw new FileSystemException(absolute.toString(), null, "Is a directory");
        }
        if (identities.covers(absolute)) {
            byte[] file = identities.file(absolute);
            if (file == null) {
                identityAttributes(absolute); // no such file, or a folder
                throw new FileSystemException(absolute.toString(), null, "Is a directory");
            }
            return new ReadOnlyBytes(file);
        }
        refuseNativeCode(absolute);
        if (inPackages(absolute)) {
            return packages.newByteChannel(absolute, options, attributes);
        }
        return guarded(absolute, () -> languageHome.newByteChannel(absolute, options, attributes));
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
        Path absolute = toAbsolutePath(dir).normalize();
        if (isWorkingDirectory(absolute)) {
            return new ListedDirectory(List.of());
        }
        if (identities.covers(absolute)) {
            if (!identities.isFolder(absolute)) {
                identityAttributes(absolute);
                throw new FileSystemException(absolute.toString(), null, "Not a directory");
            }
            List<Path> entries = new java.util.ArrayList<>();
            for (String name : identities.list(absolute)) {
                Path entry = absolute.resolve(name);
                if (filter.accept(entry)) {
                    entries.add(entry);
                }
            }
            return new ListedDirectory(entries);
        }
        if (inPackages(absolute)) {
            return packages.newDirectoryStream(absolute, filter);
        }
        return guarded(absolute, () -> languageHome.newDirectoryStream(absolute, filter));
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attributes) throws IOException {
        throw denied(toAbsolutePath(dir));
    }

    @Override
    public void delete(Path path) throws IOException {
        throw denied(toAbsolutePath(path));
    }

    @Override
    public void createLink(Path link, Path existing) throws IOException {
        throw denied(toAbsolutePath(link));
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attributes) throws IOException {
        throw denied(toAbsolutePath(link));
    }

    @Override
    public void copy(Path source, Path target, java.nio.file.CopyOption... options) throws IOException {
        throw denied(toAbsolutePath(target));
    }

    @Override
    public void move(Path source, Path target, java.nio.file.CopyOption... options) throws IOException {
        throw denied(toAbsolutePath(source));
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        throw denied(toAbsolutePath(path));
    }

    @Override
    public Path readSymbolicLink(Path link) throws IOException {
        Path absolute = toAbsolutePath(link).normalize();
        if (identities.covers(absolute)) {
            identityAttributes(absolute);
            throw new java.nio.file.NotLinkException(absolute.toString());
        }
        return guarded(absolute, () -> languageHome.readSymbolicLink(absolute));
    }

    @Override
    public void setCurrentWorkingDirectory(Path currentWorkingDirectory) {
        // os.chdir: the working directory is fixed. (Truffle asks for the target's attributes first, so Python
        // usually sees that refusal, FileNotFoundError, before this one.)
        throw new SecurityException("changing the working directory is denied in this GraalPy sandbox");
    }

    @Override
    public Path getTempDirectory() {
        // There is no writable folder to offer; tempfile looks for one and reports that it found none.
        throw new SecurityException("there is no temporary directory in this GraalPy sandbox");
    }

    @Override
    public boolean isSameFile(Path path1, Path path2, LinkOption... options) throws IOException {
        return toRealPath(path1, options).equals(toRealPath(path2, options));
    }

    /**
     * Native code is not Python's to load: GraalPy's home holds shared libraries (its C API, {@code
     * libpython-native.so}, which every native load needs first, and the standard library's C extensions, {@code
     * pyexpat}, {@code _sqlite3}, {@code termios}, …). Python may still see them listed and {@code stat} them, so that
     * the import system finds an extension module and reports it as one the sandbox denies ({@code _guards.py}), but
     * not resolve or open them. Whatever route reaches GraalPy's loader ({@code import}, {@code importlib}, {@code
     * _imp.create_dynamic}, {@code ctypes}), it resolves the C API library first, before it marks the process as one
     * whose native extensions are taken (a JVM-wide flag that would fail every later context's native module,
     * trusted or not): this refusal ends the load there, whatever a script did to the Python half.
     */
    private static void refuseNativeCode(Path absolute) throws AccessDeniedException {
        if (isNativeLibrary(absolute)) {
            throw new AccessDeniedException(absolute.toString(), null, "native code is denied in this GraalPy sandbox (see docs/security.md)");
        }
    }

    /** True for a shared library's name: {@code .so} (with or without a version after it), {@code .dylib}, {@code .dll}, {@code .pyd}. */
    static boolean isNativeLibrary(Path path) {
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString();
        return name.endsWith(".so") || name.contains(".so.") || name.endsWith(".dylib") || name.endsWith(".dll") || name.endsWith(".pyd");
    }

    /** The attributes of a path under the identities' folder; {@link NoSuchFileException} where there is nothing. */
    private Map<String, Object> identityAttributes(Path absolute) throws NoSuchFileException {
        if (identities.isFolder(absolute)) {
            return VirtualAttributes.directory();
        }
        byte[] file = identities.file(absolute);
        if (file == null) {
            throw new NoSuchFileException(absolute.toString(), null, "no such server identity or file (the embedder grants"
                    + " identities with NetworkPolicy.servingTlsAs; see docs/network.md)");
        }
        return VirtualAttributes.file(file.length);
    }

    /** True for the packages' folder and what is under it, when the runtime has packages. */
    private boolean inPackages(Path absolute) {
        return packages != null && PackageTree.isUnder(absolute);
    }

    private boolean isWorkingDirectory(Path absolute) {
        return absolute.equals(workingDirectory);
    }

    /**
     * True for GraalPy's home and what is under it. Truffle extracts it to
     * {@code <resource cache>/python/python-home/<content hash>}; its file system for internal resources would let
     * Python read the whole cache (other languages' resources, native libraries), which Python has no need of.
     */
    static boolean inPythonHome(Path absolute) {
        for (int i = 0; i + 2 < absolute.getNameCount(); i++) {
            if (absolute.getName(i).toString().equals("python") && absolute.getName(i + 1).toString().equals("python-home")) {
                return true;
            }
        }
        return false;
    }

    private interface Access<T> {
        T run() throws IOException;
    }

    /**
     * Runs a read against GraalPy's home: anything outside it is refused here, and what the deny-all file system
     * below refuses becomes {@code PermissionError} too. The working directory is empty: what is asked for in it
     * does not exist.
     */
    private <T> T guarded(Path absolute, Access<T> access) throws IOException {
        if (absolute.startsWith(workingDirectory)) {
            throw new NoSuchFileException(absolute.toString());
        }
        if (!inPythonHome(absolute)) {
            throw denied(absolute);
        }
        try {
            return access.run();
        } catch (SecurityException | UnsupportedOperationException refused) {
            throw denied(absolute);
        }
    }

    private static AccessDeniedException denied(Path path) {
        return new AccessDeniedException(path.toString(), null, "denied in this GraalPy sandbox (see docs/security.md)");
    }

    /** The attributes Python's {@code os.stat} asks for, for the virtual folder and the precompiled files. */
    private static final class VirtualAttributes {
        private static final FileTime EPOCH = FileTime.fromMillis(0);

        static Map<String, Object> directory() {
            return of(true, 0, 0555);
        }

        static Map<String, Object> file(long size) {
            return of(false, size, 0444);
        }

        private static Map<String, Object> of(boolean directory, long size, int permissions) {
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("isDirectory", directory);
            attributes.put("isRegularFile", !directory);
            attributes.put("isSymbolicLink", false);
            attributes.put("isOther", false);
            attributes.put("size", size);
            attributes.put("lastModifiedTime", EPOCH);
            attributes.put("lastAccessTime", EPOCH);
            attributes.put("creationTime", EPOCH);
            attributes.put("ctime", EPOCH);
            attributes.put("fileKey", null);
            attributes.put("mode", (directory ? 0040000 : 0100000) | permissions);
            attributes.put("ino", 0L);
            attributes.put("dev", 0L);
            attributes.put("rdev", 0L);
            attributes.put("nlink", 1);
            attributes.put("uid", 0);
            attributes.put("gid", 0);
            return attributes;
        }
    }

    private static final class ListedDirectory implements DirectoryStream<Path> {
        private final List<Path> entries;

        ListedDirectory(List<Path> entries) {
            this.entries = entries;
        }

        @Override
        public Iterator<Path> iterator() {
            return entries.iterator();
        }

        @Override
        public void close() {}
    }

    /** A read-only channel over bytes held in memory. */
    private static final class ReadOnlyBytes implements SeekableByteChannel {
        private final byte[] bytes;
        private long position;
        private boolean open = true;

        ReadOnlyBytes(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read(ByteBuffer destination) {
            if (position >= bytes.length) {
                return -1;
            }
            int count = (int) Math.min(destination.remaining(), bytes.length - position);
            destination.put(bytes, (int) position, count);
            position += count;
            return count;
        }

        @Override
        public int write(ByteBuffer source) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            if (newPosition < 0) {
                // os.lseek to a negative offset: EINVAL, as on a host file.
                throw new IllegalArgumentException("negative position " + newPosition);
            }
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
