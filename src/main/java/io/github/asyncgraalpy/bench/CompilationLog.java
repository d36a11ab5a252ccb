package io.github.asyncgraalpy.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Truffle's compilation trace ({@code engine.TraceCompilation}, written to a log file), read as it grows: how many
 * compilations finished, and which compiled code was thrown away, since the last look. A round with such events is
 * not steady state: tight await loops go through on-stack-replacement deopt cycles long after their time per round
 * looks settled.
 */
final class CompilationLog {

    /** What happened since the last {@link #poll()}. */
    record Events(int compiled, int deoptimized, List<String> deoptimizedTargets) {
        static final Events NONE = new Events(0, 0, List.of());

        Events plus(Events other) {
            List<String> targets = new ArrayList<>(deoptimizedTargets);
            other.deoptimizedTargets.stream().filter(t -> !targets.contains(t)).forEach(targets::add);
            return new Events(compiled + other.compiled, deoptimized + other.deoptimized, List.copyOf(targets));
        }
    }

    private final Optional<Path> file;
    private long position;

    private CompilationLog(Optional<Path> file) {
        this.file = file;
    }

    /** The log the JVM was started with ({@code -Dpolyglot.log.file} and {@code -Dpolyglot.engine.TraceCompilation=true}), if any. */
    static CompilationLog ofThisJvm() {
        boolean traced = Boolean.getBoolean("polyglot.engine.TraceCompilation");
        String path = System.getProperty("polyglot.log.file");
        return new CompilationLog(traced && path != null ? Optional.of(Path.of(path)) : Optional.empty());
    }

    static CompilationLog of(Path file) {
        return new CompilationLog(Optional.of(file));
    }

    boolean traced() {
        return file.isPresent();
    }

    /** The events logged since the last call; lines still being written are left for the next one. */
    Events poll() {
        if (file.isEmpty() || !Files.exists(file.get())) {
            return Events.NONE;
        }
        try {
            byte[] all = Files.readAllBytes(file.get());
            int end = all.length;
            while (end > position && all[end - 1] != '\n') {
                end--;
            }
            if (end <= position) {
                return Events.NONE;
            }
            String text = new String(all, (int) position, (int) (end - position), StandardCharsets.UTF_8);
            position = end;
            return parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts {@code opt done} lines, and {@code opt deopt}, {@code opt inval.} and {@code opt failed} ones with their targets. */
    static Events parse(String text) {
        int compiled = 0;
        int deoptimized = 0;
        List<String> targets = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.contains("opt done")) {
                compiled++;
            } else if (line.contains("opt deopt") || line.contains("opt inval") || line.contains("opt failed")) {
                deoptimized++;
                String target = target(line);
                if (!targets.contains(target)) {
                    targets.add(target);
                }
            }
        }
        return new Events(compiled, deoptimized, List.copyOf(targets));
    }

    /** The {@code <...>} name of the compiled code in a trace line, e.g. {@code <bytecode body at 6d1f>}, without its address. */
    private static String target(String line) {
        int open = line.indexOf('<');
        int close = open < 0 ? -1 : line.indexOf('>', open);
        if (close < 0) {
            return line.strip();
        }
        return line.substring(open, close + 1).replaceAll(" at [0-9a-f]+>", ">");
    }
}
