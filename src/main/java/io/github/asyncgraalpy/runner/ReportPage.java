package io.github.asyncgraalpy.runner;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code report.html}: one file that a browser opens from the disk, with no script and nothing fetched. It has what
 * was run; the table, each cell with its time, its spread where it ran several times, and its ratio to CPython's
 * (marked {@code not significant} where Welch's test says so); the table against a saved run; the bar chart on its
 * time axis ({@link TimeChart}); and, for each pair, every column's output, the differing lines, the script and its
 * Java twin's source ({@link PairSources}), folded away except where the pair differs. Every text from outside (an
 * output, a source, a name) goes through {@link Reports#xml}: a script that prints markup shows it as text.
 */
final class ReportPage {

    private static final String STYLE = String.join("",
            "body{font-family:system-ui,sans-serif;margin:2em;color:#222}",
            "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.3em .6em;text-align:left;vertical-align:top}",
            "tr.differs{background:#fde2e2}td.differs{font-weight:bold;color:#a00}td.cell{white-space:nowrap}",
            "pre{margin:0;font-size:.85em;white-space:pre-wrap}",
            ".spread,.note{color:#666}.ratio{display:block;font-size:.9em}",
            ".ratio.slower{color:#9a4a00}.ratio.faster{color:#1d6b2f}.ratio.not-significant{color:#777;font-style:italic}",
            "td.slower{color:#9a4a00}td.faster{color:#1d6b2f}td.not-significant{color:#777;font-style:italic}",
            ".bar0{fill:#6a8caf}.bar1{fill:#d9822b}.bar2{fill:#5aa469}.bar3{fill:#8e6bb8}.bar4{fill:#c4a000}",
            "line.grid{stroke:#c8c8c8;stroke-width:1}path.spread{stroke:#222;fill:none}text.tick,text.axis-title,text.value{fill:#444}",
            "details.pair-detail{border:1px solid #bbb;margin:.4em 0;padding:.3em .6em}details.pair-detail[open]{padding-bottom:.8em}",
            "details.pair-detail>summary{cursor:pointer;font-weight:bold}details.pair-detail.differs>summary{color:#a00}",
            ".outputs{display:grid;grid-template-columns:repeat(auto-fit,minmax(16em,1fr));gap:.6em;margin:.6em 0}",
            ".output{border:1px solid #ddd;padding:.4em}.output.differs{border-color:#a00;background:#fdf0f0}",
            ".output h4{margin:0 0 .2em 0;font-size:.9em}.output .cell{margin:0 0 .4em 0;font-size:.85em;color:#555}",
            "details.source{margin:.4em 0}details.source pre{background:#f6f6f6;padding:.5em;border:1px solid #e4e4e4}",
            "pre.where{color:#a00;margin:.4em 0}.empty{color:#888;font-style:italic}\n");

    private ReportPage() {}

    static String html(Reports.Run run, List<Comparison> comparisons, Optional<SavedRun> saved) {
        List<Column> columns = Column.of(comparisons);
        long differing = comparisons.stream().filter(comparison -> !comparison.agree()).count();
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<title>async-graalpy: pairs across runtimes</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        out.append("<h1>Pairs across runtimes</h1>\n");
        out.append("<p id=\"verdict\">").append(differing == 0
                ? "All " + comparisons.size() + " pairs agree."
                : differing + " of " + comparisons.size() + " pairs differ.").append("</p>\n");
        out.append(runDescription(run));
        out.append(pairsTable(comparisons, columns));
        saved.ifPresent(savedRun -> out.append(versusSaved(comparisons, columns, savedRun)));
        out.append("<h2>Time per pair and column</h2>\n").append(TimeChart.svg(comparisons)).append('\n');
        out.append("<h2>Each pair: outputs and sources</h2>\n<p class=\"note\">Click a pair to open it; a pair that differs is open.</p>\n");
        for (Comparison comparison : comparisons) {
            out.append(pairDetail(comparison, columns, saved));
        }
        return out.append("</body>\n</html>\n").toString();
    }

    /** The element id of a pair's section, which the table and the chart link to: {@code pair-fan_out_futures}. */
    static String anchor(Comparison comparison) {
        return "pair-" + comparison.example().name().replaceAll("\\s", "_");
    }

    private static String runDescription(Reports.Run run) {
        StringBuilder out = new StringBuilder("<p id=\"run\">GraalPy: ").append(Reports.xml(run.graalPy()))
                .append(run.mode().isEmpty() ? "" : " (" + Reports.xml(run.mode()) + ")")
                .append("<br/>CPython: ").append(Reports.xml(run.cpython()));
        run.furtherPythons().forEach((command, line) -> out.append("<br/>").append(Reports.xml(command)).append(": ").append(Reports.xml(line)));
        return out.append("<br/>Java ").append(Reports.xml(run.javaVersion())).append(" (").append(Reports.xml(run.javaVm())).append("), ")
                .append(run.cores()).append(" cores, ").append(Reports.xml(run.date())).append("; ")
                .append(run.repeat() == 1
                        ? "1 run per cell: no significance test; each cell's ratio is its time over CPython's"
                        : "each cell the median of " + run.repeat() + " runs (the range of its runs in parentheses) and its ratio to"
                        + " CPython's median, tested with Welch's t-test at 95 %")
                .append("</p>\n").toString();
    }

    private static String pairsTable(List<Comparison> comparisons, List<Column> columns) {
        StringBuilder out = new StringBuilder("<table id=\"pairs\">\n<thead><tr><th>pair</th>");
        columns.forEach(column -> out.append("<th>").append(Reports.xml(column.title())).append("</th>"));
        out.append("<th>agree</th></tr></thead>\n<tbody>\n");
        for (Comparison comparison : comparisons) {
            out.append("<tr class=\"pair").append(comparison.agree() ? "" : " differs").append("\" data-pair=\"")
                    .append(Reports.xml(comparison.example().name())).append("\"><td><a href=\"#").append(Reports.xml(anchor(comparison))).append("\">")
                    .append(Reports.xml(comparison.example().name())).append("</a></td>");
            for (Column column : columns) {
                out.append(cell(comparison, column));
            }
            out.append("<td>").append(comparison.agree() ? "yes" : "NO").append("</td></tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    /** How the run ended, its time, the range of its runs, and its ratio to CPython's. */
    private static String cell(Comparison comparison, Column column) {
        Outcome outcome = comparison.outcome(column);
        StringBuilder out = new StringBuilder("<td class=\"cell").append(comparison.differs(column) ? " differs" : "").append("\" data-column=\"")
                .append(Reports.xml(column.title())).append("\"><span class=\"outcome\">").append(Reports.xml(outcome.summary())).append("</span>");
        if (outcome.status() == Outcome.Status.UNAVAILABLE) {
            return out.append("</td>").toString();
        }
        out.append(", <span class=\"time\">").append(Outcome.seconds(outcome.elapsed())).append("</span>");
        double[] samples = comparison.seconds(column);
        if (samples.length > 1) {
            double[] sorted = samples.clone();
            java.util.Arrays.sort(sorted);
            out.append(" <span class=\"spread\">(").append(Outcome.seconds(sorted[0])).append('-').append(Outcome.seconds(sorted[sorted.length - 1]))
                    .append(", ").append(samples.length).append(" runs)</span>");
        }
        if (!column.equals(Column.CPYTHON)) {
            comparison.toCPython(column).ifPresent(ratio -> out.append(ratio(ratio)));
        }
        return out.append("</td>").toString();
    }

    /** {@code 2.20x CPython's}, classed by what the test says: slower, faster, not significant, or untested (one run). */
    static String ratio(Ratio ratio) {
        String verdict = ratio.test().isEmpty() ? "untested" : !ratio.significant() ? "not-significant" : ratio.ratio() > 1 ? "slower" : "faster";
        String text = ratio.times() + " CPython's" + (verdict.equals("not-significant") ? ", not significant" : "");
        return "<span class=\"ratio " + verdict + "\"" + (ratio.test().isEmpty() ? " title=\"1 run per cell: no significance test\"" : "") + ">"
                + Reports.xml(text) + "</span>";
    }

    /** The table against a saved run: a row per pair, a cell per column; faster, slower, not significant, result changed. */
    private static String versusSaved(List<Comparison> comparisons, List<Column> columns, SavedRun saved) {
        StringBuilder out = new StringBuilder("<h2>Against the saved run</h2>\n<p id=\"saved-run\">").append(Reports.xml(saved.describe()))
                .append(": each cell's median over the saved one's, tested with Welch's t-test at 95 %.</p>\n<table id=\"versus-saved\">\n<thead><tr><th>pair</th>");
        columns.forEach(column -> out.append("<th>").append(Reports.xml(column.title())).append("</th>"));
        out.append("</tr></thead>\n<tbody>\n");
        for (Comparison comparison : comparisons) {
            out.append("<tr data-pair=\"").append(Reports.xml(comparison.example().name())).append("\"><td>")
                    .append(Reports.xml(comparison.example().name())).append("</td>");
            for (Column column : columns) {
                SavedRun.Change change = saved.change(comparison, column);
                out.append("<td class=\"").append(changeClass(change)).append("\">").append(Reports.xml(change.text())).append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</tbody>\n</table>\n").toString();
    }

    /** {@code slower}, {@code faster}, {@code not-significant}, and {@code differs} where the result changed. */
    static String changeClass(SavedRun.Change change) {
        String timing = change.ratio().map(ratio -> !ratio.significant() ? "not-significant" : ratio.ratio() > 1 ? "slower" : "faster").orElse("");
        return change.resultChanged() ? (timing + " differs").strip() : timing;
    }

    /** A pair's section: what differs, every column's output, and the two sources; open where the pair differs. */
    private static String pairDetail(Comparison comparison, List<Column> columns, Optional<SavedRun> saved) {
        String name = Reports.xml(comparison.example().name());
        StringBuilder out = new StringBuilder("<details class=\"pair-detail").append(comparison.agree() ? "" : " differs")
                .append("\" id=\"").append(Reports.xml(anchor(comparison))).append("\" data-pair=\"").append(name).append('"')
                .append(comparison.agree() ? "" : " open=\"open\"").append(">\n<summary>").append(name).append(": ")
                .append(comparison.agree() ? "agree" : "differs").append("</summary>\n");
        if (!comparison.agree()) {
            out.append("<pre class=\"where\">").append(Reports.xml(String.join("\n", comparison.differences()))).append("</pre>\n");
        }
        out.append("<div class=\"outputs\">\n");
        for (Column column : columns) {
            Outcome outcome = comparison.outcome(column);
            String shown = switch (outcome.status()) {
                case OK -> outcome.stdout();
                case FAILED -> outcome.stdout() + outcome.detail();
                case UNAVAILABLE -> outcome.detail();
            };
            out.append("<div class=\"output").append(comparison.differs(column) ? " differs" : "").append("\" data-column=\"")
                    .append(Reports.xml(column.title())).append("\"><h4>").append(Reports.xml(column.title())).append("</h4><p class=\"cell\">")
                    .append(Reports.xml(comparison.cell(column)));
            saved.ifPresent(savedRun -> out.append("<br/>against the saved run: ").append(Reports.xml(savedRun.change(comparison, column).text())));
            out.append("</p>").append(shown.isEmpty() ? "<pre class=\"empty\">(no output)</pre>" : "<pre>" + Reports.xml(shown) + "</pre>")
                    .append("</div>\n");
        }
        out.append("</div>\n");
        PairSources sources = PairSources.of(comparison.example());
        out.append(source("python-source", "Python", sources.python(), () -> "not found at " + PairSources.shown(comparison.example().script())));
        out.append(source("java-source", "Java twin", sources.twin(), () -> "no source file found for " + comparison.example().twinClassName()));
        return out.append("</details>\n").toString();
    }

    /** A source, folded: its path in the summary, its text below; or why it is not there. */
    private static String source(String kind, String title, Optional<PairSources.Source> source, java.util.function.Supplier<String> missing) {
        Function<PairSources.Source, String> folded = found -> "<details class=\"source " + kind + "\"><summary>" + title + ": "
                + Reports.xml(PairSources.shown(found.file())) + "</summary><pre>" + Reports.xml(found.text()) + "</pre></details>\n";
        return source.map(folded).orElseGet(() -> "<p class=\"source " + kind + " empty\">" + title + ": " + Reports.xml(missing.get()) + "</p>\n");
    }
}
