package io.github.asyncgraalpy.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python packages a folder of pairs needs: its {@code requirements.txt} (or, for a {@code -Dscript} run, the file
 * {@code -Drequirements} names), read and checked before anything is installed or run. Every requirement is pinned
 * ({@code name==version}) with at least one {@code --hash}, the form pip's hash-checking mode installs exactly; a line
 * that is anything else (no version, a range, no hash, a pip option, an include) is refused with the file, the line's
 * number and why, so that both columns are sure to get the very same files.
 *
 * @param file the requirements file, absolute
 * @param pins every requirement as {@code name==version}, in the file's order
 */
public record PairRequirements(Path file, List<String> pins) {

    /** The file a folder of pairs may have beside its scripts. */
    public static final String FILE_NAME = "requirements.txt";

    private static final Pattern REQUIREMENT = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9._-]*)(\\[[A-Za-z0-9._,\\s-]*])?\\s*==\\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)((?:\\s*;[^-]*)?)((?:\\s+--hash=\\S+)*)\\s*");
    private static final Pattern HASH = Pattern.compile("--hash=(sha256|sha384|sha512):[0-9a-f]+");

    public PairRequirements {
        file = file.toAbsolutePath();
        pins = List.copyOf(pins);
    }

    /**
     * The requirements beside the pairs of {@code scriptsDir}, read and checked; empty when it has none.
     *
     * @throws IllegalArgumentException for a file the runner cannot take, in one line that says which and why
     */
    public static Optional<PairRequirements> beside(Path scriptsDir) {
        Path file = scriptsDir.resolve(FILE_NAME);
        return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /**
     * The requirements in {@code file}, checked.
     *
     * @throws IllegalArgumentException for a file that is missing or unreadable, or a line that is not a pinned
     *     requirement with its hash: one line naming the file, the line's number and why
     */
    public static PairRequirements read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the requirements " + file.toAbsolutePath() + ": "
                    + (Files.exists(file) ? e.toString() : "there is no such file"));
        }
        List<String> pins = new ArrayList<>();
        StringBuilder logical = new StringBuilder();
        int firstLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (logical.length() == 0) {
                firstLine = i + 1;
            }
            if (line.endsWith("\\")) { // pip joins a line ending in a backslash with the next (hashes on lines of their own)
                logical.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logical.append(line);
            String requirement = withoutComment(logical.toString()).strip();
            logical.setLength(0);
            if (!requirement.isEmpty()) {
                pins.add(pin(file, firstLine, requirement));
            }
        }
        return new PairRequirements(file, pins);
    }

    /** pip's comments: a {@code #} at the start of a line or after whitespace. */
    private static String withoutComment(String line) {
        Matcher comment = Pattern.compile("(^|\\s)#").matcher(line);
        return comment.find() ? line.substring(0, comment.start()) : line;
    }

    private static String pin(Path file, int lineNumber, String requirement) {
        String where = file.toAbsolutePath() + ", line " + lineNumber + ": '" + requirement + "' ";
        if (requirement.startsWith("-")) {
            throw new IllegalArgumentException(where + "is a pip option; the file holds only pinned requirements"
                    + " (name==version --hash=sha256:...), and the index is the build's (-Dpython.index.url; docs/packages.md)");
        }
        Matcher matcher = REQUIREMENT.matcher(requirement);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(where + "is not pinned: every requirement names one version (name==version)"
                    + " and the hash of its wheel (--hash=sha256:...), so that GraalPy and CPython get the same files (docs/packages.md)");
        }
        String hashes = matcher.group(5).strip();
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException(where + "has no --hash: every requirement carries the hash of its wheel"
                    + " (--hash=sha256:...; 'pip hash' or 'pip-compile --generate-hashes' gives it; docs/packages.md)");
        }
        for (String hash : hashes.split("\\s+")) {
            if (!HASH.matcher(hash).matches()) {
                throw new IllegalArgumentException(where + "has a hash pip cannot check: '" + hash + "' (--hash=sha256:<hex digits>)");
            }
        }
        return matcher.group(1) + "==" + matcher.group(3);
    }
}
