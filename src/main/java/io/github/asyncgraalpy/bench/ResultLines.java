package io.github.asyncgraalpy.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a group's JVM hands its measurements to the harness: one tab-separated line each; {@code #} starts a comment. */
final class ResultLines {

    private ResultLines() {}

    static String write(List<Measurement> measurements) {
        return measurements.stream().map(ResultLines::line).collect(Collectors.joining("\n", "", "\n"));
    }

    static List<Measurement> read(String text) {
        return text.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).map(ResultLines::parse).toList();
    }

    private static String line(Measurement m) {
        return String.join("\t", m.name(), m.runtime(), m.unit(), m.baseline(), numbers(m.samples()), numbers(m.warmup()),
                Boolean.toString(m.steady()), Integer.toString(m.compilationsWhileMeasured()), Integer.toString(m.deoptsWhileMeasured()));
    }

    private static Measurement parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 9) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        return new Measurement(f[0], f[1], f[2], f[3], parseNumbers(f[4]), parseNumbers(f[5]), Boolean.parseBoolean(f[6]),
                Integer.parseInt(f[7]), Integer.parseInt(f[8]));
    }

    private static String numbers(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).collect(Collectors.joining(","));
    }

    private static List<Double> parseNumbers(String text) {
        return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(Double::parseDouble).toList();
    }
}
