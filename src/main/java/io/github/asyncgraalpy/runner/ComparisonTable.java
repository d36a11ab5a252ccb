package io.github.asyncgraalpy.runner;

import java.util.ArrayList;
import java.util.List;

/** The runner's table: example | CPython | GraalPy (Python) | GraalPy (Java twin) | agree, then what differs. */
public final class ComparisonTable {

    private ComparisonTable() {}

    public static String render(List<Comparison> comparisons) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("example");
        for (Column column : Column.values()) {
            header.add(column.title());
        }
        header.add("agree");
        rows.add(header);
        for (Comparison comparison : comparisons) {
            List<String> row = new ArrayList<>();
            row.add(comparison.example().name());
            for (Column column : Column.values()) {
                row.add(comparison.outcome(column).summary());
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

    private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
        out.append("| ");
        for (int i = 0; i < cells.size(); i++) {
            out.append(String.format("%-" + widths[i] + "s", cells.get(i))).append(i + 1 < cells.size() ? " | " : " |\n");
        }
    }
}
