package io.github.asyncgraalpy.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import java.util.stream.Collectors;

/** The benchmark's outputs: the console table, {@code results.json} and a bar chart of every case as SVG. */
final class Report {

    private Report() {}

    static String table(Results results, List<Targets.Verdict> verdicts) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%n%-44s %-8s %12s %12s %12s %-22s %7s %7s %6s %6s%n",
                "case", "runtime", "median", "p10", "p90", "unit", "ratio", "warm-up", "steady", "deopts"));
        for (Measurement m : results.measurements()) {
            out.append(String.format(Locale.ROOT, "%-44s %-8s %12s %12s %12s %-22s %6.2fx %7d %6s %6d%n",
                    m.name(), m.runtime(), number(m.median()), number(m.percentile(10)), number(m.percentile(90)), m.unit(),
                    results.ratio(m), m.warmup().size(), m.steady() ? "yes" : "NO", m.deoptsWhileMeasured()));
        }
        out.append("ratio: median over its baseline's median, same runtime (start-up: CPython's), same run (rates: above 1 is"
                + " faster; times: below 1 is faster)\n\nTargets:\n");
        verdicts.forEach(verdict -> out.append("  ").append(verdict.describe()).append('\n'));
        return out.toString();
    }

    static String json(Results results, List<Targets.Verdict> verdicts, String graalPyVersion, String cpythonVersion, double seconds,
            List<String> groups, boolean whole, boolean quick) {
        String cases = results.measurements().stream().map(m -> String.format(Locale.ROOT,
                "    {\"name\": \"%s\", \"runtime\": \"%s\", \"unit\": \"%s\", \"median\": %s, \"p10\": %s, \"p90\": %s, "
                        + "\"samples\": %s, \"baseline\": \"%s\", \"ratio\": %s, \"warmup_rounds\": %d, \"warmup\": %s, "
                        + "\"steady\": %b, \"compilations_while_measured\": %d, \"deopts_while_measured\": %d}",
                m.name(), m.runtime(), m.unit(), plain(m.median()), plain(m.percentile(10)), plain(m.percentile(90)), array(m.samples()),
                m.baseline(), plain(results.ratio(m)), m.warmup().size(), array(m.warmup()), m.steady(), m.compilationsWhileMeasured(),
                m.deoptsWhileMeasured())).collect(Collectors.joining(",\n"));
        String targets = verdicts.stream().map(v -> String.format(Locale.ROOT,
                "    {\"case\": \"%s\", \"target\": \"%s\", \"measured\": %s, \"met\": %b}",
                v.target().caseName(), v.target().what().replace("\"", "'"), plain(v.value()), v.met())).collect(Collectors.joining(",\n"));
        return "{\n  \"graalpy\": \"" + graalPyVersion.replace("\"", "'") + "\",\n  \"cpython\": \"" + cpythonVersion
                + "\",\n  \"java\": \"" + Runtime.version() + "\",\n  \"cores\": " + Runtime.getRuntime().availableProcessors()
                + ",\n  \"groups\": " + groups.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", ", "[", "]"))
                + ",\n  \"whole_run\": " + whole
                + ",\n  \"quick\": " + quick
                + ",\n  \"seconds\": " + plain(seconds) + ",\n  \"cases\": [\n" + cases + "\n  ],\n  \"targets\": [\n" + targets + "\n  ]\n}\n";
    }

    /**
     * Every case the run has, as horizontal bars of its median: one panel per unit (a rate's longer bar is faster, a
     * time's shorter), a case's GraalPy and CPython bars one under the other; below them, when the pool group ran, its
     * scaling curve: tasks per second on 1, 2, … contexts against 1, with the ideal and the cores kept busy.
     */
    static String svg(Results results) {
        List<Measurement> scaling = new ArrayList<>();
        for (int contexts = 1; results.graalPy(PoolCases.caseName(contexts)).isPresent(); contexts++) {
            scaling.add(results.graalPy(PoolCases.caseName(contexts)).get());
        }
        // The scaling cases have a drawing of their own below the panels.
        Set<String> inTheCurve = new HashSet<>();
        scaling.forEach(m -> inTheCurve.addAll(List.of(m.name(), m.name() + PoolCases.CORES_BUSY)));
        Map<String, List<Measurement>> panels = new LinkedHashMap<>();
        for (Measurement m : results.measurements()) {
            if (!inTheCurve.contains(m.name())) {
                panels.computeIfAbsent(m.unit(), unit -> new ArrayList<>()).add(m);
            }
        }
        // A case's runtimes side by side: the order of each case's first appearance, then GraalPy before CPython.
        List<String> caseOrder = results.measurements().stream().map(Measurement::name).distinct().toList();
        panels.values().forEach(bars -> bars.sort(Comparator.comparingInt((Measurement m) -> caseOrder.indexOf(sideOf(m, bars)))
                .thenComparing(m -> m.runtime().equals("CPython"))));
        int barHeight = 22;
        int labelWidth = 420;
        int chartWidth = 400;
        StringBuilder body = new StringBuilder();
        int y = 0;
        for (Map.Entry<String, List<Measurement>> panel : panels.entrySet()) {
            List<Measurement> bars = panel.getValue();
            boolean rate = bars.get(0).higherIsBetter();
            body.append(String.format(Locale.ROOT, "  <text x=\"4\" y=\"%d\" font-weight=\"bold\">%s, median; %s</text>%n",
                    y + 16, escape(panel.getKey()), rate ? "longer is faster" : "shorter is faster"));
            double max = bars.stream().mapToDouble(Measurement::median).filter(v -> !Double.isNaN(v)).max().orElse(1);
            for (int i = 0; i < bars.size(); i++) {
                Measurement m = bars.get(i);
                int top = y + 26 + i * barHeight;
                double width = Double.isNaN(m.median()) || max <= 0 ? 1 : Math.max(chartWidth * m.median() / max, 1);
                String colour = m.runtime().equals("CPython") ? "#888888" : m.name().contains("java") ? "#d9822b" : "#3a6ea5";
                String label = (m.runtime().equals("CPython") ? "CPython " : "GraalPy ") + m.name();
                body.append(String.format(Locale.ROOT, "  <text x=\"4\" y=\"%d\">%s</text>%n", top + 15, escape(label)));
                body.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                        labelWidth, top + 3, width, barHeight - 6, colour));
                body.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\">%s</text>%n", labelWidth + width + 4, top + 15,
                        escape(number(m.median()) + " " + m.unit())));
            }
            y += 26 + bars.size() * barHeight + 14;
        }
        if (!scaling.isEmpty()) {
            scalingCurve(results, scaling, y + 16, labelWidth, chartWidth, barHeight, body);
            y += 26 + scaling.size() * barHeight + 14;
        }
        return String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                labelWidth + chartWidth + 160, Math.max(y + 10, 40)) + body + "</svg>\n";
    }

    /**
     * The case a bar is drawn beside: its own, or for a CPython row of a name of its own ({@code net/cpython-bulk},
     * {@code pool/cpython-to-thread}, {@code startup/cpython}) the first GraalPy case of its panel measured against it.
     */
    private static String sideOf(Measurement m, List<Measurement> panel) {
        if (!m.runtime().equals("CPython")) {
            return m.name();
        }
        return panel.stream().filter(other -> !other.runtime().equals("CPython") && other.baseline().equals(m.name()))
                .map(Measurement::name).findFirst().orElse(m.name());
    }

    /** Bars of tasks per second against one context; a line marks the ideal (n contexts, n times). */
    private static void scalingCurve(Results results, List<Measurement> scaling, int top, int labelWidth, int chartWidth, int barHeight,
            StringBuilder out) {
        out.append(String.format(Locale.ROOT, "  <text x=\"4\" y=\"%d\" font-weight=\"bold\">pool: tasks per second against 1 context"
                + " (the line: n contexts, n times); longer is faster</text>%n", top));
        double perUnit = chartWidth / (double) scaling.size();
        for (int i = 0; i < scaling.size(); i++) {
            Measurement m = scaling.get(i);
            int contexts = i + 1;
            int y = top + 10 + i * barHeight;
            double ratio = results.ratio(m);
            String coresBusy = results.graalPy(m.name() + PoolCases.CORES_BUSY).map(c -> ", " + number(c.median()) + " cores busy").orElse("");
            out.append(String.format(Locale.ROOT, "  <text x=\"4\" y=\"%d\">%s</text>%n", y + 15,
                    escape("GraalPy " + m.name() + " (" + number(m.median()) + " tasks/s" + coresBusy + ")")));
            out.append(String.format(Locale.ROOT, "  <rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#3a6ea5\"/>%n",
                    labelWidth, y + 3, Math.max(perUnit * ratio, 1), barHeight - 6));
            out.append(String.format(Locale.ROOT, "  <line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000000\"/>%n",
                    labelWidth + perUnit * contexts, y + 1, labelWidth + perUnit * contexts, y + barHeight - 1));
            out.append(String.format(Locale.ROOT, "  <text x=\"%.1f\" y=\"%d\">%.2f×</text>%n",
                    labelWidth + Math.max(perUnit * ratio, perUnit * contexts) + 4, y + 15, ratio));
        }
    }

    /** Three significant digits, grouped: 1,234 or 56.7 or 0.0312. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private static String plain(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.4g", value);
    }

    private static String array(List<Double> values) {
        return values.stream().map(Report::plain).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
