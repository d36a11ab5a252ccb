package io.github.asyncgraalpy.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An earlier run's {@code report.json}, read back to compare this run with ({@code -Dcompare.to=FILE}): per pair and
 * column, what it printed and how it ended, and its samples. A report from before the runner kept samples has one
 * time per cell, as a run without {@code -Drepeat} has: such a cell compares as {@code not significant: n=1}.
 */
final class SavedRun {

    /** A saved report that cannot be used: missing, unreadable, not JSON, or not a runner's report. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    /** One saved cell: how it ended and what it printed, and the times of its runs. */
    record Cell(Outcome outcome, double[] samples) {}

    /** Where this run's cell stands against the saved one: the test's answer, and whether the result changed. */
    record Change(Optional<Ratio> ratio, boolean resultChanged, String text) {}

    private final Path file;
    private final String description;
    private final Map<String, Map<String, Cell>> pairs;

    private SavedRun(Path file, String description, Map<String, Map<String, Cell>> pairs) {
        this.file = file;
        this.description = description;
        this.pairs = pairs;
    }

    /**
     * Reads {@code file}.
     *
     * @throws Unusable saying why, naming the file: it is missing or unreadable, not JSON (with where), or not a
     *     runner's report (with what is missing)
     */
    static SavedRun read(Path file) throws Unusable {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Unusable("cannot compare with " + file + ": it cannot be read (" + e + ")");
        }
        Object json;
        try {
            json = JsonReader.parse(text);
        } catch (JsonReader.Malformed e) {
            throw new Unusable("cannot compare with " + file + ": it is not JSON (" + e.getMessage() + ")");
        }
        try {
            Map<String, Object> report = object(json, "the report");
            Map<String, Map<String, Cell>> pairs = new LinkedHashMap<>();
            for (Object pairJson : list(report.get("pairs"), "\"pairs\"")) {
                Map<String, Object> pair = object(pairJson, "a pair");
                String name = string(pair.get("name"), "a pair's \"name\"");
                Map<String, Cell> cells = new LinkedHashMap<>();
                for (Map.Entry<String, Object> cell : object(pair.get("cells"), name + "'s \"cells\"").entrySet()) {
                    cells.put(cell.getKey(), cell(object(cell.getValue(), name + "'s cell " + cell.getKey()), name + " / " + cell.getKey()));
                }
                pairs.put(name, cells);
            }
            return new SavedRun(file, describe(report), pairs);
        } catch (IllegalArgumentException e) {
            throw new Unusable("cannot compare with " + file + ": it is not a runner's report.json (" + e.getMessage() + ")");
        }
    }

    private static Cell cell(Map<String, Object> cell, String where) {
        String status = string(cell.get("status"), where + "'s \"status\"");
        String stdout = cell.get("stdout") instanceof String text ? text : "";
        Outcome outcome;
        switch (status) {
            case "OK" -> outcome = Outcome.ok(stdout);
            case "FAILED" -> outcome = Outcome.failed(stdout, cell.get("failure") instanceof String failure ? failure : "", "");
            case "UNAVAILABLE" -> outcome = Outcome.unavailable(cell.get("detail") instanceof String detail ? detail : "");
            default -> throw new IllegalArgumentException(where + "'s \"status\" is " + status + ", not OK, FAILED or UNAVAILABLE");
        }
        double[] samples;
        if (outcome.status() == Outcome.Status.UNAVAILABLE) {
            samples = new double[0];
        } else if (cell.containsKey("samples")) {
            samples = list(cell.get("samples"), where + "'s \"samples\"").stream().mapToDouble(sample -> number(sample, where + "'s samples")).toArray();
        } else if (cell.get("seconds") instanceof Double seconds) {
            samples = new double[] {seconds}; // a report from before samples were kept: its one time
        } else {
            samples = new double[0];
        }
        return new Cell(outcome, samples);
    }

    /** {@code 2026-12-07T10:00:00Z, 5 runs per cell, Java 25.0.3}, or what an older report lacks. */
    private static String describe(Map<String, Object> report) {
        if (!(report.get("run") instanceof Map<?, ?> run)) {
            return "a report without samples: one time per cell";
        }
        Object repeat = run.get("repeat");
        int runs = repeat instanceof Double times ? times.intValue() : 1;
        String cores = run.get("cores") instanceof Double count ? Integer.toString(count.intValue()) : "?";
        return run.get("date") + ", " + (runs == 1 ? "1 run" : runs + " runs") + " per cell, Java " + run.get("javaVersion") + ", " + cores + " cores";
    }

    Path file() {
        return file;
    }

    /** {@code old/report.json (2026-12-07T10:00:00Z, 5 runs per cell, ...)}. */
    String describe() {
        return file + " (" + description + ")";
    }

    Optional<Cell> cell(String pair, Column column) {
        return Optional.ofNullable(pairs.getOrDefault(pair, Map.of()).get(column.title()));
    }

    /**
     * This run's cell against the saved one: {@code faster 0.80x}, {@code slower 1.25x}, {@code not significant
     * (1.02x)}, {@code not significant: n=1 (1.02x)}, each followed by {@code , result changed} when the output or
     * the ending differs from the saved one's; or why there is nothing to compare.
     */
    Change change(Comparison comparison, Column column) {
        Outcome now = comparison.outcome(column);
        Optional<Cell> saved = cell(comparison.example().name(), column);
        if (now.status() == Outcome.Status.UNAVAILABLE) {
            return new Change(Optional.empty(), false, "not run now");
        }
        if (saved.isEmpty()) {
            return new Change(Optional.empty(), false, "not in the saved run");
        }
        boolean changed = !saved.get().outcome().comparable().equals(now.comparable());
        if (saved.get().outcome().status() == Outcome.Status.UNAVAILABLE) {
            return new Change(Optional.empty(), false, "not run in the saved run");
        }
        Optional<Ratio> ratio = Ratio.of(comparison.seconds(column), saved.get().samples());
        String text = ratio.map(Ratio::againstSaved).orElse("no time saved");
        return new Change(ratio, changed, changed ? text + ", result changed" : text);
    }

    private static Map<String, Object> object(Object json, String what) {
        if (!(json instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(what + " is not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    private static List<?> list(Object json, String what) {
        if (!(json instanceof List<?> list)) {
            throw new IllegalArgumentException(what + (json == null ? " is missing" : " is not an array"));
        }
        return list;
    }

    private static String string(Object json, String what) {
        if (!(json instanceof String text)) {
            throw new IllegalArgumentException(what + (json == null ? " is missing" : " is not a string"));
        }
        return text;
    }

    private static double number(Object json, String what) {
        if (!(json instanceof Double number)) {
            throw new IllegalArgumentException(what + " holds " + json + ", not a number");
        }
        return number;
    }
}
