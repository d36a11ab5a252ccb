package io.github.asyncgraalpy.runner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One example across the runtimes. They agree when the comparable forms of the available outcomes (normalised
 * output plus how the run ended) form a set of one, and every available run finished without an exception.
 */
public final class Comparison {

    private final PairedExample example;
    private final Map<Column, Outcome> outcomes;

    public Comparison(PairedExample example, Map<Column, Outcome> outcomes) {
        this.example = Objects.requireNonNull(example, "example");
        this.outcomes = new LinkedHashMap<>();
        for (Column column : Column.inTableOrder(outcomes.keySet())) {
            if (outcomes.containsKey(column)) {
                this.outcomes.put(column, outcomes.get(column));
            }
        }
        if (!this.outcomes.keySet().containsAll(List.of(Column.GRAALPY_PYTHON, Column.GRAALPY_JAVA_TWIN))) {
            throw new IllegalArgumentException("both GraalPy columns are needed, got " + this.outcomes.keySet());
        }
    }

    public PairedExample example() {
        return example;
    }

    /** The columns this pair ran on, or was meant to, in table order. */
    public List<Column> columns() {
        return Column.inTableOrder(outcomes.keySet());
    }

    public Outcome outcome(Column column) {
        return outcomes.getOrDefault(column, Outcome.unavailable("not run"));
    }

    private List<Map.Entry<Column, Outcome>> available() {
        return outcomes.entrySet().stream()
                .filter(entry -> entry.getValue().status() != Outcome.Status.UNAVAILABLE)
                .collect(Collectors.toList());
    }

    public boolean agree() {
        List<Map.Entry<Column, Outcome>> available = available();
        return available.stream().allMatch(entry -> entry.getValue().status() == Outcome.Status.OK)
                && available.stream().map(entry -> entry.getValue().comparable()).distinct().count() == 1;
    }

    /**
     * True when {@code column} ran and parts from the rest: it raised, or its comparable output is not the first
     * available column's. A column that did not run differs from nothing.
     */
    public boolean differs(Column column) {
        Outcome outcome = outcome(column);
        if (outcome.status() == Outcome.Status.UNAVAILABLE) {
            return false;
        }
        return outcome.status() == Outcome.Status.FAILED || !outcome.comparable().equals(available().get(0).getValue().comparable());
    }

    /**
     * Where the runs part: for each column whose comparable output differs from the first available column's, the
     * first differing line of each; and every failure with the last line of its detail.
     */
    public List<String> differences() {
        List<String> lines = new ArrayList<>();
        List<Map.Entry<Column, Outcome>> available = available();
        Map.Entry<Column, Outcome> reference = available.get(0);
        List<String> expected = reference.getValue().comparable().lines().collect(Collectors.toList());
        for (Map.Entry<Column, Outcome> entry : available.subList(1, available.size())) {
            List<String> actual = entry.getValue().comparable().lines().collect(Collectors.toList());
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                String want = i < expected.size() ? expected.get(i) : "<no line>";
                String got = i < actual.size() ? actual.get(i) : "<no line>";
                if (!want.equals(got)) {
                    lines.add(String.format("line %d: %s has %s, %s has %s", i + 1,
                            reference.getKey().title(), quote(want), entry.getKey().title(), quote(got)));
                    break;
                }
            }
        }
        for (Map.Entry<Column, Outcome> entry : available) {
            if (entry.getValue().status() == Outcome.Status.FAILED) {
                lines.add(entry.getKey().title() + " raised " + entry.getValue().failure() + ":\n"
                        + entry.getValue().detail().strip().indent(4).stripTrailing());
            }
        }
        return lines;
    }

    private static String quote(String line) {
        return "'" + line + "'";
    }
}
