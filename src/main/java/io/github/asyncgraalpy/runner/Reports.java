package io.github.asyncgraalpy.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's comparison written for machines and people: {@code report.json} (every cell's outcome, time and the
 * differing lines), {@code report.xml} (JUnit XML: one test case per pair and column, so that CI systems show the
 * comparison as tests) and {@code report.html} (the table, the outputs of a disagreeing pair side by side, and a
 * bar chart of the times; one file, no server, no script).
 */
public final class Reports {

    /** What the run was: the runtimes' versions, as the runner's banner says them. */
    public record Run(String graalPy, String cpython) {}

    /** Bar colours in the style sheet, reused in turn past that many columns. */
    private static final int BAR_COLOURS = 5;

    private Reports() {}

    /** Writes the three reports into {@code dir} (created if missing); returns their paths. */
    public static List<Path> write(Path dir, Run run, List<Comparison> comparisons) throws IOException {
        Files.createDirectories(dir);
        Path json = Files.writeString(dir.resolve("report.json"), json(run, comparisons), StandardCharsets.UTF_8);
        Path junit = Files.writeString(dir.resolve("report.xml"), junitXml(comparisons), StandardCharsets.UTF_8);
        Path html = Files.writeString(dir.resolve("report.html"), html(run, comparisons), StandardCharsets.UTF_8);
        return List.of(json, junit, html);
    }

    static String json(Run run, List<Comparison> comparisons) {
        List<Column> columns = Column.of(comparisons);
        StringBuilder out = new StringBuilder("{\n");
        out.append("  \"graalpy\": ").append(jsonString(run.graalPy())).append(",\n");
        out.append("  \"cpython\": ").append(jsonString(run.cpython())).append(",\n");
        out.append("  \"allAgree\": ").append(comparisons.stream().allMatch(Comparison::agree)).append(",\n");
        out.append("  \"columns\": [");
        List<String> titles = new ArrayList<>();
        for (Column column : columns) {
            titles.add(jsonString(column.title()));
        }
        out.append(String.join(", ", titles)).append("],\n");
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
                Outcome outcome = comparison.outcome(columns.get(c));
                out.append(c == 0 ? "\n" : ",\n").append("      ").append(jsonString(columns.get(c).title())).append(": {")
                        .append("\"status\": ").append(jsonString(outcome.status().name()))
                        .append(", \"summary\": ").append(jsonString(outcome.summary()))
                        .append(", \"seconds\": ").append(decimalSeconds(outcome.elapsed()))
                        .append(", \"differs\": ").append(comparison.differs(columns.get(c)))
                        .append(", \"failure\": ").append(jsonString(outcome.failure()))
                        .append(", \"stdout\": ").append(jsonString(outcome.stdout()))
                        .append(", \"detail\": ").append(jsonString(outcome.detail()))
                        .append('}');
            }
            out.append("\n    }}");
        }
        out.append("\n  ]\n}\n");
        return out.toString();
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
        out.append("<p>GraalPy: ").append(xml(run.graalPy())).append("<br/>CPython: ").append(xml(run.cpython())).append("</p>\n");
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
                        .append(xml(comparison.outcome(column).cell())).append("</td>");
            }
            out.append("<td>").append(comparison.agree() ? "yes" : "NO").append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
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
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
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
