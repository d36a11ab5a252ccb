package io.github.asyncgraalpy.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One example across the runtimes. They agree when the comparable forms of the available outcomes (normalised
 * output plus how the run ended) form a set of one, and every available run finished without an exception.
 *
 * <p>A cell may hold several runs ({@code -Drepeat=N}): its outcome is then the first run's, or the first that ended
 * otherwise or printed something else (so that a run that parts from its repeats shows), timed with the median of
 * the runs' times; every run's time is kept ({@link #seconds}).
 */
public final class Comparison {

    private final PairedExample example;
    private final Map<Column, Outcome> outcomes;
    private final Map<Column, List<Outcome>> runs;

    /** One run per cell. */
    public Comparison(PairedExample example, Map<Column, Outcome> outcomes) {
        this(outcomes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> List.of(entry.getValue()))), example);
    }

    /** Its arguments the other way round from the public one's, whose erasure it would otherwise share. */
    private Comparison(Map<Column, List<Outcome>> runs, PairedExample example) {
        this.example = Objects.requireNonNull(example, "example");
        this.outcomes = new LinkedHashMap<>();
        this.runs = new LinkedHashMap<>();
        for (Column column : Column.inTableOrder(runs.keySet())) {
            if (runs.containsKey(column)) {
                List<Outcome> cell = List.copyOf(runs.get(column));
                if (cell.isEmpty()) {
                    throw new IllegalArgumentException("no run for " + column.title());
                }
                this.runs.put(column, cell);
                this.outcomes.put(column, representative(cell));
            }
        }
        if (!this.outcomes.keySet().containsAll(List.of(Column.GRAALPY_PYTHON, Column.GRAALPY_JAVA_TWIN))) {
            throw new IllegalArgumentException("both GraalPy columns are needed, got " + this.outcomes.keySet());
        }
    }

    /** Every cell's runs, each list in the order they ran: {@code -Drepeat=N} gives N per cell. */
    public static Comparison ofRuns(PairedExample example, Map<Column, List<Outcome>> runs) {
        return new Comparison(runs, example);
    }

    /** The cell's outcome: the first run that parts from the first one (raised, or printed otherwise), or the first; timed with the median. */
    private static Outcome representative(List<Outcome> cell) {
        Outcome first = cell.get(0);
        Outcome shown = cell.stream().filter(run -> run.status() == Outcome.Status.FAILED).findFirst()
                .or(() -> cell.stream().filter(run -> !run.comparable().equals(first.comparable())).findFirst())
                .orElse(first);
        double[] seconds = seconds(cell);
        return seconds.length < 2 ? shown : shown.timed(Duration.ofNanos(Math.round(Statistics.median(seconds) * 1e9)));
    }

    private static double[] seconds(List<Outcome> cell) {
        return cell.stream().filter(run -> run.status() != Outcome.Status.UNAVAILABLE).mapToDouble(run -> run.elapsed().toNanos() / 1e9).toArray();
    }

    /**
     * The table cell: as {@link Outcome#cell()} for one run; for several, the median time and the range of the
     * runs' ({@code 0.16 s (0.15-0.18)}), and for a column other than CPython's the ratio to its median with whether
     * it is significant ({@code 2.29x}, {@code 1.05x not significant}).
     */
    public String cell(Column column) {
        Outcome outcome = outcome(column);
        double[] seconds = seconds(column);
        if (outcome.status() == Outcome.Status.UNAVAILABLE || seconds.length < 2) {
            return outcome.cell();
        }
        double[] sorted = seconds.clone();
        java.util.Arrays.sort(sorted);
        String cell = outcome.cell() + " (" + Outcome.seconds(sorted[0]) + "-" + Outcome.seconds(sorted[sorted.length - 1]) + ")";
        Optional<Ratio> ratio = column.equals(Column.CPYTHON) ? Optional.empty() : toCPython(column);
        return ratio.map(r -> cell + ", " + r.againstCPython()).orElse(cell);
    }

    public PairedExample example() {
        return example;
    }

    /** The times of the cell's runs that happened, in seconds, in the order they ran; none for a column that did not run. */
    public double[] seconds(Column column) {
        return seconds(runs.getOrDefault(column, List.of()));
    }

    /** How many times each cell ran: the most runs any cell has. */
    public int repeats() {
        return runs.values().stream().mapToInt(List::size).max().orElse(1);
    }

    /**
     * The cell's median time against CPython's for this pair, with Welch's t-test of the two cells' runs; empty where
     * either did not run.
     */
    public Optional<Ratio> toCPython(Column column) {
        return Ratio.of(seconds(column), seconds(Column.CPYTHON));
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
