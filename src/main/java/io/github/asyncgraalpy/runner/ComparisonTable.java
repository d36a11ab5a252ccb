package io.github.asyncgraalpy.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The runner's table: example | CPython | GraalPy (Python) | GraalPy (Java twin) | agree, then what differs. */
public final class ComparisonTable {

    private ComparisonTable() {}

    public static String render(List<Comparison> comparisons) {
        List<Column> columns = Column.of(comparisons);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("example");
        for (Column column : columns) {
            header.add(column.title());
        }
        header.add("agree");
        rows.add(header);
        for (Comparison comparison : comparisons) {
            List<String> row = new ArrayList<>();
            row.add(comparison.example().name());
            for (Column column : columns) {
                row.add(comparison.cell(column));
            }
            row.add(comparison.agree() ? "yes" : "NO");
            rows.add(row);
        }
        StringBuilder out = new StringBuilder(table(rows));
        for (Comparison comparison : comparisons) {
            if (!comparison.agree()) {
                out.append('\n').append(comparison.example().name()).append(" differs:\n");
                for (String difference : comparison.differences()) {
                    out.append(difference.indent(2));
                }
            }
        }
        return out.toString();
    }

    /**
     * Each column's time over the pairs it ran, and its ratio to CPython's over the pairs both ran: each the scripts'
     * alone, measured inside python3 for CPython, and not counting the GraalPy contexts' start-up, which happens ahead.
     * With several runs per cell, a cell counts with its median, and each column's line ends with how many pairs are
     * significantly slower or faster than CPython (Welch's t-test, 95 %) and the geometric mean of those pairs' ratios;
     * with one run, a last line says that there is no test.
     */
    public static String timings(List<Comparison> comparisons) {
        int repeats = comparisons.stream().mapToInt(Comparison::repeats).max().orElse(1);
        StringBuilder out = new StringBuilder("Time per column (the scripts alone: not a GraalPy context's start-up, which"
                + " happens ahead, nor python3's");
        out.append(repeats > 1 ? "; each cell the median of " + repeats + " runs):\n" : "):\n");
        List<Column> columns = Column.of(comparisons);
        int width = Math.max(20, columns.stream().mapToInt(column -> column.title().length()).max().orElse(0));
        for (Column column : columns) {
            Duration total = Duration.ZERO;
            Duration mine = Duration.ZERO;
            Duration cpythons = Duration.ZERO;
            int ran = 0;
            for (Comparison comparison : comparisons) {
                Outcome outcome = comparison.outcome(column);
                Outcome cpython = comparison.outcome(Column.CPYTHON);
                if (outcome.status() == Outcome.Status.UNAVAILABLE) {
                    continue;
                }
                ran++;
                total = total.plus(outcome.elapsed());
                if (cpython.status() != Outcome.Status.UNAVAILABLE) {
                    mine = mine.plus(outcome.elapsed());
                    cpythons = cpythons.plus(cpython.elapsed());
                }
            }
            out.append(String.format("  %-" + width + "s %s", column.title(), ran == 0 ? notRun(comparisons, column) : Outcome.seconds(total)));
            if (column != Column.CPYTHON && !cpythons.isZero()) {
                out.append(String.format(Locale.ROOT, "   %.2fx CPython's", mine.toNanos() / (double) cpythons.toNanos()));
                if (repeats > 1) {
                    out.append(significance(comparisons, column));
                }
            }
            out.append('\n');
        }
        if (repeats == 1) {
            out.append("1 run per cell: no significance test (-Drepeat=N, N >= 2, runs each cell N times)\n");
        }
        return out.toString();
    }

    /** {@code not run: not installed}, {@code not run: not used: Python 3.9.18, the pairs need 3.11+ (...)}: why, as its cells say it. */
    private static String notRun(List<Comparison> comparisons, Column column) {
        return comparisons.stream().map(comparison -> comparison.outcome(column).detail()).filter(why -> !why.isEmpty() && !why.equals("not run"))
                .findFirst().map(why -> "not run: " + why).orElse("not run");
    }

    /** {@code ; per pair: 12 significant, geometric mean 1.85x; 8 not significant}. */
    static String significance(List<Comparison> comparisons, Column column) {
        List<Double> significant = new ArrayList<>();
        int notSignificant = 0;
        for (Comparison comparison : comparisons) {
            Optional<Ratio> ratio = comparison.toCPython(column);
            if (ratio.isPresent() && ratio.get().significant()) {
                significant.add(ratio.get().ratio());
            } else if (ratio.isPresent()) {
                notSignificant++;
            }
        }
        String tested = significant.isEmpty() ? "none significant"
                : significant.size() + " significant, geometric mean " + new Ratio(Statistics.geometricMean(significant), Optional.empty()).times();
        return "; per pair: " + tested + (notSignificant == 0 ? "" : "; " + notSignificant + " not significant");
    }

    /**
     * Each pair's cells against the same pair's in a saved run ({@code -Dcompare.to}): faster, slower or not
     * significant (Welch's t-test, 95 %), and whether the result changed; under a line that names the saved run.
     */
    public static String versusSaved(List<Comparison> comparisons, SavedRun saved) {
        List<Column> columns = Column.of(comparisons);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("against the saved run");
        columns.forEach(column -> header.add(column.title()));
        rows.add(header);
        for (Comparison comparison : comparisons) {
            List<String> row = new ArrayList<>();
            row.add(comparison.example().name());
            columns.forEach(column -> row.add(saved.change(comparison, column).text()));
            rows.add(row);
        }
        return "Against the saved run " + saved.describe() + ", each cell's median over the saved one's (Welch's t-test, 95 %):\n"
                + table(rows);
    }

    /** A Markdown table: the first row is the header. */
    private static String table(List<List<String>> rows) {
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            appendRow(out, rows.get(r), widths);
            if (r == 0) {
                List<String> rule = new ArrayList<>();
                for (int width : widths) {
                    rule.add("-".repeat(width));
                }
                appendRow(out, rule, widths);
            }
        }
        return out.toString();
    }

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        out.append("| ");
        for (int i = 0; i < cells.size(); i++) {
            out.append(String.format("%-" + widths[i] + "s", cells.get(i))).append(i + 1 < cells.size() ? " | " : " |\n");
        }
    }
}
