package io.github.asyncgraalpy.bench;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The benchmark's outputs: the console table, {@code results.json} and a bar chart as SVG. */
final class Report {

    /** A measured case and the baseline it is compared with (itself, for a baseline). */
    record Row(Measurement measurement, String unit, Measurement baseline) {
        double ratio() {
            return measurement.median() / baseline.median();
        }

        String key() {
            return measurement.runtime().equals("GraalPy") ? measurement.name() : measurement.runtime().toLowerCase(Locale.ROOT) + ":" + measurement.name();
        }
    }

    private Report() {}

    static String table(List<Row> rows) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n%-34s %-8s %12s %10s %10s %8s %8s%n",
                "case", "runtime", "median", "p10", "p90", "ratio", "warm-up"));
        for (Row row : rows) {
            Measurement m = row.measurement();
            out.append(String.format(Locale.ROOT, "%-34s %-8s %9.0f ns %10.0f %10.0f %7.2fx %8d%n",
                    m.name(), m.runtime(), m.median(), m.percentile(10), m.percentile(90), row.ratio(), m.warmupRounds()));
        }
        return out.append("(ns per await or per step; ratio: median over the baseline's median, same runtime, same run)\n").toString();
    }

    static String json(List<Row> rows, String graalPyVersion) {
        String cases = rows.stream().map(row -> {
            Measurement m = row.measurement();
            return String.format(Locale.ROOT,
                    "    {\"name\": \"%s\", \"runtime\": \"%s\", \"unit\": \"%s\", \"median\": %.1f, \"p10\": %.1f, \"p90\": %.1f,"
                            + " \"samples\": %d, \"warmup_rounds\": %d, \"baseline\": \"%s\", \"ratio\": %.3f}",
                    m.name(), m.runtime(), row.unit(), m.median(), m.percentile(10), m.percentile(90), m.perOperationNanos().size(),
                    m.warmupRounds(), row.baseline().name(), row.ratio());
        }).collect(Collectors.joining(",\n"));
        return "{\n  \"graalpy\": \"" + graalPyVersion.replace("\"", "'") + "\",\n  \"java\": \"" + Runtime.version()
                + "\",\n  \"cores\": " + Runtime.getRuntime().availableProcessors() + ",\n  \"cases\": [\n" + cases + "\n  ]\n}\n";
    }

    /** Horizontal bars of the median ns per operation, one per case and runtime. */
    static String svg(List<Row> rows) {
        int barHeight = 22;
        int labelWidth = 330;
        int chartWidth = 420;
        double max = rows.stream().mapToDouble(row -> row.measurement().median()).max().orElse(1);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                labelWidth + chartWidth + 90, rows.size() * barHeight + 30));
        out.append("  <text x=\"4\" y=\"16\" font-weight=\"bold\">median ns per await / step (shorter is faster)</text>\n");
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            int y = 26 + i * barHeight;
            double width = chartWidth * row.measurement().median() / max;
            String colour = row.measurement().runtime().equals("CPython") ? "#888888" : row.measurement().name().contains("java") ? "#d9822b" : "#3a6ea5";
            out.append(String.format(Locale.ROOT, "  <text x=\"4\" y=\"%d\">%s</text>%n", y + 15, escape(row.key())));
            out.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    labelWidth, y + 3, Math.max(width, 1), barHeight - 6, colour));
            out.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\">%.0f ns</text>%n",
                    labelWidth + Math.max(width, 1) + 4, y + 15, row.measurement().median()));
        }
        return out.append("</svg>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
