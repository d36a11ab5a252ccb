package io.github.asyncgraalpy.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
                row.add(comparison.outcome(column).cell());
            }
            row.add(comparison.agree() ? "yes" : "NO");
            rows.add(row);
        }

        int[] widths = new int[header.size()];
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
     */
    public static String timings(List<Comparison> comparisons) {
        StringBuilder out = new StringBuilder("Time per column (the scripts alone: not a GraalPy context's start-up, which"
                + " happens ahead, nor python3's):\n");
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
            out.append(String.format("  %-" + width + "s %s", column.title(), ran == 0 ? "not run" : Outcome.seconds(total)));
            if (column != Column.CPYTHON && !cpythons.isZero()) {
                out.append(String.format(Locale.ROOT, "   %.2fx CPython's", mine.toNanos() / (double) cpythons.toNanos()));
            }
            out.append('\n');
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
