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
 * comparison as tests) and {@code report.html} ({@link ReportPage}: the table with each cell's ratio to CPython's, a
 * bar chart of the times on a time axis, each pair's outputs and sources; one file, no server, no script).
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

    /** The page ({@link ReportPage}): the table with the ratios, the chart on its time axis, each pair's outputs and sources. */
    static String html(Run run, List<Comparison> comparisons, Optional<SavedRun> saved) {
        return ReportPage.html(run, comparisons, saved);
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
