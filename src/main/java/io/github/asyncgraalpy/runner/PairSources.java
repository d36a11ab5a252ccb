package io.github.asyncgraalpy.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A pair's two sources as the HTML report shows them: the script, and the file its Java twin was compiled from. The
 * twin is {@link PairedExample#twinClassName()}; its file is {@code SimpleName.java} declaring the twins' package,
 * found where the runner's twins come from: below the scripts' folder for a folder of your own (the runner compiles
 * the {@code .java} files there), or, for the project's {@code py-scripts/}, in {@code src/main/java} beside it.
 *
 * @param python the script's text; empty where it cannot be read
 * @param twin the twin's source file and text; empty where no file declares the class
 */
record PairSources(Optional<Source> python, Optional<Source> twin) {

    /** A file and what it holds. */
    record Source(Path file, String text) {}

    /** How deep below the scripts' folder a twin's file is looked for (a package path is seldom deeper). */
    private static final int SEARCH_DEPTH = 12;

    /** Reads the sources of {@code example}; what cannot be found or read is left out, not an error. */
    static PairSources of(PairedExample example) {
        return new PairSources(read(example.script()).map(text -> new Source(example.script(), text)), twinSource(example));
    }

    private static Optional<Source> twinSource(PairedExample example) {
        String className = example.twinClassName();
        int dot = className.lastIndexOf('.');
        String packageName = dot < 0 ? "" : className.substring(0, dot);
        String fileName = className.substring(dot + 1) + ".java";
        Pattern declaresPackage = Pattern.compile("^\\s*package\\s+" + Pattern.quote(packageName) + "\\s*;", Pattern.MULTILINE);
        for (Path candidate : candidates(example.script().toAbsolutePath().getParent(), packageName, fileName)) {
            Optional<String> text = read(candidate);
            if (text.isPresent() && declaresPackage.matcher(text.get()).find()) {
                return Optional.of(new Source(candidate, text.get()));
            }
        }
        return Optional.empty();
    }

    /** The project's layout first ({@code src/main/java} beside the scripts' folder), then the folder's own files. */
    private static List<Path> candidates(Path scriptsDir, String packageName, String fileName) {
        List<Path> candidates = new ArrayList<>();
        if (scriptsDir == null) {
            return candidates;
        }
        Path packagePath = Path.of("src", "main", "java").resolve(packageName.replace('.', '/'));
        if (scriptsDir.getParent() != null) {
            candidates.add(scriptsDir.getParent().resolve(packagePath).resolve(fileName));
        }
        if (Files.isDirectory(scriptsDir)) {
            try (Stream<Path> files = Files.walk(scriptsDir, SEARCH_DEPTH)) {
                candidates.addAll(files.filter(file -> file.getFileName().toString().equals(fileName)).sorted().collect(Collectors.toList()));
            } catch (IOException | UncheckedIOException e) {
                // an unreadable folder: the page says the twin's source was not found
            }
        }
        return candidates;
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** {@code py-scripts/foo.py}: relative to the working folder where it is below it, as the runner was asked. */
    static String shown(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        return absolute.startsWith(here) ? here.relativize(absolute).toString() : absolute.toString();
    }
}
