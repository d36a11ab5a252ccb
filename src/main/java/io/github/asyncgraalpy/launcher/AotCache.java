package io.github.asyncgraalpy.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A build step for the main job's start-up: packs the compiled classes into {@code target/jvm/classes.jar} (the AOT
 * cache takes classes from jars only, never from a folder) and, on JDK 25+, makes the AOT cache
 * {@value JvmArgsFile#AOT_CACHE} from a training run of the runner on one pair. Both are redone only when the classes
 * changed. A cache that cannot be made is reported, not fatal: the main job then starts without one.
 *
 * <p>Usage: {@code AotCache <target/jvm> <target/classes> <py-scripts>}.
 */
public final class AotCache {

    /** The pair the training run runs: short, and through every layer the main job uses. */
    static final String TRAINING_PAIR = "await_under_the_hood.py";
    static final String CLASSES_JAR = "classes.jar";
    private static final long TRAINING_TIMEOUT_SECONDS = 300;

    private AotCache() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: AotCache <target/jvm> <target/classes> <py-scripts>");
        }
        Path jvmDir = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        Path scripts = Path.of(args[2]);
        Path jar = jvmDir.resolve(CLASSES_JAR);
        boolean jarChanged = packIfChanged(classes, jar);
        Path cache = jvmDir.resolve(JvmArgsFile.AOT_CACHE);
        Path failed = jvmDir.resolve("aot-training.failed");
        String jarStamp = Files.getLastModifiedTime(jar).toString();
        boolean upToDate = !jarChanged && Files.isRegularFile(cache) && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        boolean failedForThisJar = Files.isRegularFile(failed) && Files.readString(failed).equals(jarStamp);
        if (Runtime.version().feature() < 25 || upToDate || failedForThisJar) {
            return;
        }
        long start = System.nanoTime();
        String outcome = train(jvmDir, jar, cache, scripts);
        if (Files.isRegularFile(cache)) {
            Files.deleteIfExists(failed);
        } else {
            // Tried for these classes: not again until they change, so a build does not pay for training every time.
            Files.writeString(failed, jarStamp);
        }
        System.out.printf("[async-graalpy] %s (%.0f s)%n", outcome, (System.nanoTime() - start) / 1e9);
    }

    /** Writes the jar again when a class or resource is newer than it; true if it did. */
    static boolean packIfChanged(Path classes, Path jar) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        if (Files.isRegularFile(jar)) {
            FileTime packed = Files.getLastModifiedTime(jar);
            boolean newer = false;
            for (Path file : files) {
                newer |= Files.getLastModifiedTime(file).compareTo(packed) > 0;
            }
            int entries;
            try (JarFile packedJar = new JarFile(jar.toFile())) {
                entries = packedJar.size();
            }
            if (!newer && entries == files.size()) {
                return false;
            }
        }
        Path partial = jar.resolveSibling(jar.getFileName() + ".partial");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial))) {
            for (Path file : files) {
                JarEntry entry = new JarEntry(classes.relativize(file).toString().replace('\\', '/'));
                entry.setTime(Files.getLastModifiedTime(file).toMillis());
                out.putNextEntry(entry);
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private static String train(Path jvmDir, Path jar, Path cache, Path scripts) throws IOException, InterruptedException {
        Path trainingScripts = Files.createTempDirectory("aot-training");
        Path log = jvmDir.resolve("aot-training.log");
        try {
            if (!Files.isRegularFile(scripts.resolve(TRAINING_PAIR))) {
                return "no AOT cache: the training pair " + scripts.resolve(TRAINING_PAIR) + " is missing";
            }
            Files.copy(scripts.resolve(TRAINING_PAIR), trainingScripts.resolve(TRAINING_PAIR));
            Files.deleteIfExists(cache);
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "@" + jvmDir.resolve(JvmArgsFile.STARTUP_ARGS).toAbsolutePath(),
                    "-XX:AOTCacheOutput=" + cache.toAbsolutePath(), "-Xlog:aot=off", "-Xlog:cds=off",
                    "-Dasyncgraalpy.scripts=" + trainingScripts.toAbsolutePath(),
                    "-cp", jar.toAbsolutePath().toString(),
                    "io.github.asyncgraalpy.runner.Runner"));
            Process training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!training.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                training.destroyForcibly().waitFor();
                return "no AOT cache: the training run took over " + TRAINING_TIMEOUT_SECONDS + " s (see " + log + ")";
            }
            // The cache is written as the JVM exits, whatever its status (a pair that disagrees with the local CPython
            // still trained the classes).
            if (!Files.isRegularFile(cache)) {
                return "no AOT cache: the training run exited " + training.exitValue() + " without one (see " + log
                        + "); the main job starts without one";
            }
            return "AOT cache for the main job's start-up made from a training run: " + cache;
        } finally {
            try (Stream<Path> walk = Files.walk(trainingScripts)) {
                for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

}
