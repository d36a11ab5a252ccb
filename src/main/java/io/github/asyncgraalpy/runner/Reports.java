package io.github.asyncgraalpy.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The run's comparison written for machines and people: {@code report.json} (every cell's outcome, time and the
 * differing lines), {@code report.xml} (JUnit XML: one test case per pair and column, so that CI systems show the
 * comparison as tests) and {@code report.html} (the table, the outputs of a disagreeing pair side by side, and a
 * bar chart of the times; one file, no server, no script).
 */
public final class Reports {

    /**
     * What the run was: the runtimes' versions, as the runner's banner says them (each further interpreter's by its
     * command), GraalPy's mode, how many runs each cell had, and where: the JDK, the machine's cores, the date.
     */
    public record Run(String graalPy, String cpython, Map<String, String> furtherPythons, String mode, int repeat,
            String javaVersion, String javaVm, int cores, String date) {

        /** A run on this JVM and machine, now. */
        public Run(String graalPy, String cpython, Map<String, String> furtherPythons, String mode, int repeat) {
            this(graalPy, cpython, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(furtherPythons)), mode, repeat, System.getProperty("java.version"), System.getProperty("java.vm.name"),
                    Runtime.getRuntime().availableProcessors(), java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        }

        /** One run per cell, no further interpreter, the mode unsaid: for tests. */
        public Run(String graalPy, String cpython) {
            this(graalPy, cpython, Map.of(), "", 1);
        }
    }

    /** Bar colours in the style sheet, reused in turn past that many columns. */
    private static final int BAR_COLOURS = 5;

    private Reports() {}

    /** Writes the three reports into {@code dir} (created if missing); returns their paths. */
    public static List<Path> write(Path dir, Run run, List<Comparison> comparisons) throws IOException {
        return write(dir, run, comparisons, Optional.empty());
    }

    /** As {@link #write(Path, Run, List)}, each cell also against the same cell of a {@code saved} run. */
    static List<Path> write(Path dir, Run run, List<Comparison> comparisons, Optional<SavedRun> saved) throws IOException {
        Files.createDirectories(dir);
        Path json = Files.writeString(dir.resolve("report.json"), json(run, comparisons, saved), StandardCharsets.UTF_8);
        Path junit = Files.writeString(dir.resolve("report.xml"), junitXml(comparisons), StandardCharsets.UTF_8);
        Path html = Files.writeString(dir.resolve("report.html"), html(run, comparisons, saved), StandardCharsets.UTF_8);
        return List.of(json, junit, html);
    }

    static String json(Run run, List<Comparison> comparisons) {
        return json(run, comparisons, Optional.empty());
    }

    static String json(Run run, List<Comparison> comparisons, Optional<SavedRun> saved) {
        List<Column> columns = Column.of(comparisons);
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"graalpy\": ").append(jsonString(run.graalPy())).append(",\n");
        out.append("  \"cpython\": ").append(jsonString(run.cpython())).append(",\n");
        out.append("  \"run\": {\"graalpy\": ").append(jsonString(run.graalPy())).append(", \"cpython\": ").append(jsonString(run.cpython()))
                .append(", \"furtherPythons\": {");
        List<String> further = new ArrayList<>();
        run.furtherPythons().forEach((command, line) -> further.add(jsonString(command) + ": " + jsonString(line)));
        out.append(String.join(", ", further)).append("}, \"mode\": ").append(jsonString(run.mode()))
                .append(", \"repeat\": ").append(run.repeat())
                .append(", \"javaVersion\": ").append(jsonString(run.javaVersion())).append(", \"javaVm\": ").append(jsonString(run.javaVm()))
                .append(", \"cores\": ").append(run.cores()).append(", \"date\": ").append(jsonString(run.date()))
                .append(", \"statistics\": ").append(jsonString(STATISTICS)).append("},\n");
        out.append("  \"allAgree\": ").append(comparisons.stream().allMatch(Comparison::agree)).append(",\n");
        out.append("  \"columns\": [");
        List<String> titles = new ArrayList<>();
        for (Column column : columns) {
            titles.add(jsonString(column.title()));
        }
        out.append(String.join(", ", titles)).append("],\n");
        saved.ifPresent(savedRun -> out.append("  \"comparedTo\": ").append(jsonString(savedRun.describe())).append(",\n"));
        out.append("  \"pairs\": [");
        for (int p = 0; p < comparisons.size(); p++) {
            Comparison comparison = comparisons.get(p);
            out.append(p == 0 ? "\n" : ",\n");
            out.append("    {\"name\": ").append(jsonString(comparison.example().name()))
                    .append(", \"agree\": ").append(comparison.agree());
            List<String> differences = comparison.agree() ? List.of() : comparison.differences();
            out.append(", \"differences\": [");
            for (int d = 0; d < differences.size(); d++) {
                out.append(d == 0 ? "" : ", ").append(jsonString(differences.get(d)));
            }
            out.append("], \"cells\": {");
            for (int c = 0; c < columns.size(); c++) {
                Column column = columns.get(c);
                Outcome outcome = comparison.outcome(column);
                out.append(c == 0 ? "\n" : ",\n").append("      ").append(jsonString(columns.get(c).title())).append(": {")
                        .append("\"status\": ").append(jsonString(outcome.status().name()))
                        .append(", \"summary\": ").append(jsonString(outcome.summary()))
                        .append(", \"seconds\": ").append(decimalSeconds(outcome.elapsed()))
                        .append(", \"differs\": ").append(comparison.differs(columns.get(c)))
                        .append(", \"failure\": ").append(jsonString(outcome.failure()))
                        .append(", \"stdout\": ").append(jsonString(outcome.stdout()))
                        .append(", \"detail\": ").append(jsonString(outcome.detail()))
                        .append(timesJson(comparison, columns.get(c)))
                        .append(saved.map(savedRun -> changeJson(savedRun.change(comparison, column))).orElse(""))
                        .append('}');
            }
            out.append("\n    }}");
        }
        out.append("\n  ]\n}\n");
        return out.toString();
    }

    /** How the JSON's figures are made, for whoever reads it without the runner's docs. */
    static final String STATISTICS = "seconds: the median of the cell's samples; min and max: their range; versusCPython.ratio: the median"
            + " over CPython's median; significant: Welch's two-sample t-test on the samples, two-tailed, at 95 % (null with one run"
            + " on either side: no test)";

    /** A cell's samples, their median and range, and its ratio to CPython's with the test's figures. */
    private static String timesJson(Comparison comparison, Column column) {
        double[] samples = comparison.seconds(column);
        StringBuilder out = new StringBuilder(", \"samples\": [");
        for (int i = 0; i < samples.length; i++) {
            out.append(i == 0 ? "" : ", ").append(decimalSeconds(samples[i]));
        }
        out.append(']');
        if (samples.length > 0) {
            double[] sorted = samples.clone();
            java.util.Arrays.sort(sorted);
            out.append(", \"median\": ").append(decimalSeconds(Statistics.median(samples)))
                    .append(", \"min\": ").append(decimalSeconds(sorted[0])).append(", \"max\": ").append(decimalSeconds(sorted[sorted.length - 1]));
        }
        if (!column.equals(Column.CPYTHON)) {
            comparison.toCPython(column).ifPresent(ratio -> out.append(", \"versusCPython\": ").append(ratioJson(ratio, ratio.againstCPython())));
        }
        return out.toString();
    }

    /** {@code , "versusSaved": {...}}: the ratio to the saved cell, its test, and whether the result changed. */
    private static String changeJson(SavedRun.Change change) {
        String ratio = change.ratio().map(r -> ratioJson(r, change.text()))
                .orElse("{\"ratio\": null, \"verdict\": " + jsonString(change.text()) + ", \"significant\": null, \"t\": null, \"df\": null, \"p\": null}");
        return ", \"versusSaved\": " + ratio.substring(0, ratio.length() - 1) + ", \"resultChanged\": " + change.resultChanged() + "}";
    }

    /** {@code {"ratio": 2.29, "verdict": "2.29x", "significant": true, "t": 5.1, "df": 1.5, "p": 0.01}}; the test's figures null without one. */
    static String ratioJson(Ratio ratio, String verdict) {
        StringBuilder out = new StringBuilder("{\"ratio\": ").append(number(ratio.ratio())).append(", \"verdict\": ").append(jsonString(verdict))
                .append(", \"significant\": ");
        if (ratio.test().isEmpty()) {
            return out.append("null, \"t\": null, \"df\": null, \"p\": null}").toString();
        }
        Statistics.TTest test = ratio.test().get();
        return out.append(test.significant()).append(", \"t\": ").append(number(test.t())).append(", \"df\": ").append(number(test.df()))
                .append(", \"p\": ").append(number(test.p())).append('}').toString();
    }

    /** A JSON number, or null for what JSON cannot hold (an infinite t when neither side varies). */
    private static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "null";
    }

    static String junitXml(List<Comparison> comparisons) {
        List<Column> columns = Column.of(comparisons);
        int tests = 0;
        int failures = 0;
        int skipped = 0;
        double time = 0;
        StringBuilder cases = new StringBuilder();
        for (Comparison comparison : comparisons) {
            for (Column column : columns) {
                Outcome outcome = comparison.outcome(column);
                tests++;
                time += outcome.elapsed().toNanos() / 1e9;
                cases.append("    <testcase classname=\"pairs.").append(xml(comparison.example().name()))
                        .append("\" name=\"").append(xml(column.title()))
                        .append("\" time=\"").append(decimalSeconds(outcome.elapsed())).append('"');
                if (outcome.status() == Outcome.Status.UNAVAILABLE) {
                    skipped++;
                    cases.append(">\n      <skipped message=\"").append(xml(outcome.detail())).append("\"/>\n    </testcase>\n");
                } else if (comparison.differs(column)) {
                    failures++;
                    String message = outcome.status() == Outcome.Status.FAILED
                            ? "raised " + outcome.failure() : "its output differs from the other columns'";
                    cases.append(">\n      <failure message=\"").append(xml(message)).append("\">")
                            .append(xml(String.join("\n", comparison.differences()))).append("</failure>\n    </testcase>\n");
                } else {
                    cases.append("/>\n");
                }
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<testsuites>\n"
                + "  <testsuite name=\"async-graalpy pairs\" tests=\"" + tests + "\" failures=\"" + failures
                + "\" errors=\"0\" skipped=\"" + skipped + "\" time=\"" + String.format(Locale.ROOT, "%.3f", time) + "\">\n"
                + cases
                + "  </testsuite>\n"
                + "</testsuites>\n";
    }

    static String html(Run run, List<Comparison> comparisons) {
        return html(run, comparisons, Optional.empty());
    }

    static String html(Run run, List<Comparison> comparisons, Optional<SavedRun> saved) {
        long differing = comparisons.stream().filter(comparison -> !comparison.agree()).count();
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>async-graalpy: pairs across runtimes</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}")
                .append("tr.differs{background:#fde2e2}td.differs{font-weight:bold;color:#a00}")
                .append("pre{margin:0;font-size:.85em;white-space:pre-wrap}")
                .append(".bar0{fill:#6a8caf}.bar1{fill:#d9822b}.bar2{fill:#5aa469}.bar3{fill:#8e6bb8}.bar4{fill:#c4a000}\n</style>\n</head>\n<body>\n");
        out.append("<h1>Pairs across runtimes</h1>\n");
        out.append("<p id=\"verdict\">").append(differing == 0
                ? "All " + comparisons.size() + " pairs agree."
                : differing + " of " + comparisons.size() + " pairs differ.").append("</p>\n");
        out.append("<p id=\"run\">GraalPy: ").append(xml(run.graalPy())).append(run.mode().isEmpty() ? "" : " (" + xml(run.mode()) + ")")
                .append("<br/>CPython: ").append(xml(run.cpython()));
        run.furtherPythons().forEach((command, line) -> out.append("<br/>").append(xml(command)).append(": ").append(xml(line)));
        out.append("<br/>Java ").append(xml(run.javaVersion())).append(" (").append(xml(run.javaVm())).append("), ").append(run.cores())
                .append(" cores, ").append(xml(run.date())).append("; ").append(run.repeat() == 1 ? "1 run per cell: no significance test"
                        : "each cell the median of " + run.repeat() + " runs (the range of its runs in parentheses) and its ratio to CPython's,"
                        + " tested with Welch's t-test at 95 %").append("</p>\n");
        List<Column> columns = Column.of(comparisons);
        out.append("<table id=\"pairs\">\n<thead><tr><th>pair</th>");
        for (Column column : columns) {
            out.append("<th>").append(xml(column.title())).append("</th>");
        }
        out.append("<th>agree</th></tr></thead>\n<tbody>\n");
        for (Comparison comparison : comparisons) {
            out.append("<tr class=\"pair").append(comparison.agree() ? "" : " differs").append("\" data-pair=\"")
                    .append(xml(comparison.example().name())).append("\"><td>").append(xml(comparison.example().name())).append("</td>");
            for (Column column : columns) {
                out.append(comparison.differs(column) ? "<td class=\"differs\">" : "<td>")
                        .append(xml(comparison.cell(column))).append("</td>");
            }
            out.append("<td>").append(comparison.agree() ? "yes" : "NO").append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
        saved.ifPresent(savedRun -> out.append(versusSavedHtml(comparisons, columns, savedRun)));
        for (Comparison comparison : comparisons) {
            if (comparison.agree()) {
                continue;
            }
            out.append("<h2 class=\"difference\">").append(xml(comparison.example().name())).append(" differs</h2>\n");
            out.append("<table class=\"side-by-side\"><tr>");
            for (Column column : columns) {
                out.append("<th>").append(xml(column.title())).append("</th>");
            }
            out.append("</tr><tr>");
            for (Column column : columns) {
                Outcome outcome = comparison.outcome(column);
                String shown = outcome.status() == Outcome.Status.FAILED
                        ? outcome.stdout() + outcome.detail() : outcome.status() == Outcome.Status.OK ? outcome.stdout() : outcome.detail();
                out.append(comparison.differs(column) ? "<td class=\"differs\">" : "<td>")
                        .append("<pre>").append(xml(shown)).append("</pre></td>");
            }
            out.append("</tr></table>\n<pre class=\"where\">").append(xml(String.join("\n", comparison.differences()))).append("</pre>\n");
        }
        out.append("<h2>Time per pair and column</h2>\n").append(chart(comparisons)).append("\n</body>\n</html>\n");
        return out.toString();
    }

    /** The table against a saved run: a row per pair, a cell per column; faster, slower, not significant, result changed. */
    private static String versusSavedHtml(List<Comparison> comparisons, List<Column> columns, SavedRun saved) {
        StringBuilder out = new StringBuilder("<h2>Against the saved run</h2>\n<p>").append(xml(saved.describe()))
                .append(": each cell's median over the saved one's, tested with Welch's t-test at 95 %.</p>\n<table id=\"versus-saved\">\n<thead><tr><th>pair</th>");
        for (Column column : columns) {
            out.append("<th>").append(xml(column.title())).append("</th>");
        }
        out.append("</tr></thead>\n<tbody>\n");
        for (Comparison comparison : comparisons) {
            out.append("<tr data-pair=\"").append(xml(comparison.example().name())).append("\"><td>").append(xml(comparison.example().name())).append("</td>");
            for (Column column : columns) {
                SavedRun.Change change = saved.change(comparison, column);
                out.append(change.resultChanged() ? "<td class=\"differs\">" : "<td>").append(xml(change.text())).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    /** A horizontal bar per pair and column, scaled to the longest run; drawn in SVG, so any browser shows it as is. */
    static String chart(List<Comparison> comparisons) {
        List<Column> columns = Column.of(comparisons);
        double longest = comparisons.stream()
                .flatMap(comparison -> columns.stream().map(comparison::outcome))
                .mapToDouble(outcome -> outcome.elapsed().toNanos() / 1e9).max().orElse(0);
        int label = 220;
        int width = 420;
        int bar = 12;
        int rowHeight = bar * columns.size() + 10;
        int legend = 24;
        int height = legend + rowHeight * comparisons.size();
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(Math.max(label + width + 80, label + 150 * columns.size()))
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"time per pair and column\">\n");
        for (int c = 0; c < columns.size(); c++) {
            svg.append("<rect class=\"bar").append(c % BAR_COLOURS).append("\" x=\"").append(label + c * 150).append("\" y=\"4\" width=\"12\" height=\"12\"/>")
                    .append("<text x=\"").append(label + c * 150 + 16).append("\" y=\"15\" font-size=\"12\">")
                    .append(xml(columns.get(c).title())).append("</text>\n");
        }
        for (int p = 0; p < comparisons.size(); p++) {
            Comparison comparison = comparisons.get(p);
            int top = legend + p * rowHeight;
            svg.append("<text x=\"0\" y=\"").append(top + rowHeight / 2).append("\" font-size=\"12\">")
                    .append(xml(comparison.example().name())).append("</text>\n");
            for (int c = 0; c < columns.size(); c++) {
                Outcome outcome = comparison.outcome(columns.get(c));
                double seconds = outcome.elapsed().toNanos() / 1e9;
                int length = longest == 0 ? 0 : (int) Math.round(width * seconds / longest);
                int y = top + c * bar;
                svg.append("<rect class=\"bar").append(c % BAR_COLOURS).append(" timing\" data-seconds=\"").append(decimalSeconds(outcome.elapsed()))
                        .append("\" x=\"").append(label).append("\" y=\"").append(y).append("\" width=\"").append(Math.max(length, 1))
                        .append("\" height=\"").append(bar - 2).append("\"><title>").append(xml(columns.get(c).title())).append(": ")
                        .append(xml(outcome.status() == Outcome.Status.UNAVAILABLE ? outcome.detail() : Outcome.seconds(outcome.elapsed())))
                        .append("</title></rect>\n");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String decimalSeconds(Duration duration) {
        return decimalSeconds(duration.toNanos() / 1e9);
    }

    private static String decimalSeconds(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }

    static String jsonString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Text for XML and HTML: markup characters escaped, and characters XML 1.0 cannot hold replaced. */
    static String xml(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
