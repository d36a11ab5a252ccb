package io.github.asyncgraalpy.bench;

import io.github.asyncgraalpy.runner.CPython;
import io.github.asyncgraalpy.runner.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Runs {@code workloads.py} on CPython and reads back the nanoseconds of each round. */
final class CPythonWorkloads {

    private static final Pattern ENTRY = Pattern.compile("\"([^\"]+)\": \\[([0-9, ]*)\\]");

    private CPythonWorkloads() {}

    /** {@code plan}: case name to {operations per round, warm-up rounds, measured rounds}. */
    static Map<String, List<Long>> run(CPython cpython, String workloadSource, Map<String, long[]> plan) {
        try {
            Path dir = Files.createTempDirectory("workloads");
            Path script = dir.resolve("workloads.py");
            Files.writeString(script, workloadSource);
            String planJson = plan.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\": [" + e.getValue()[0] + ", " + e.getValue()[1] + ", " + e.getValue()[2] + "]")
                    .collect(Collectors.joining(", ", "{", "}"));
            try {
                Outcome outcome = cpython.run(script, List.of(planJson), Duration.ofMinutes(8));
                if (outcome.status() != Outcome.Status.OK) {
                    throw new IllegalStateException("CPython workloads failed: " + outcome.failure() + "\n" + outcome.detail());
                }
                return parse(outcome.stdout());
            } finally {
                Files.deleteIfExists(script);
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, List<Long>> parse(String json) {
        Map<String, List<Long>> rounds = new LinkedHashMap<>();
        Matcher entry = ENTRY.matcher(json);
        while (entry.find()) {
            List<Long> values = new ArrayList<>();
            for (String number : entry.group(2).split(",")) {
                if (!number.isBlank()) {
                    values.add(Long.parseLong(number.strip()));
                }
            }
            rounds.put(entry.group(1), values);
        }
        return rounds;
    }
}
