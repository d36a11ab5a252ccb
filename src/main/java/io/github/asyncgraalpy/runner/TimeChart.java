package io.github.asyncgraalpy.runner;

import java.util.List;
import java.util.Optional;

/**
 * The report's bar chart: a bar per pair and column, as long as the cell's time (the median where it ran several
 * times, with a line over it from the fastest run to the slowest), the time and the ratio to CPython's written after
 * it, on a {@link TimeAxis} drawn above and below the bars with a grid line per tick. Drawn in SVG, so that any browser
 * shows it as it is, without a script.
 */
final class TimeChart {

    /** Bar colours in the style sheet ({@code .bar0} ...), reused in turn past that many columns. */
    static final int BAR_COLOURS = 5;

    static final int LABEL_WIDTH = 220;
    static final int PLOT_WIDTH = 480;
    /** Room after the longest bar for its time and ratio. */
    private static final int VALUE_WIDTH = 150;
    private static final int LEGEND_SPACING = 170;
    private static final int BAR = 12;
    private static final int LEGEND = 24;
    private static final int TICK_ROW = 16;

    private TimeChart() {}

    static String svg(List<Comparison> comparisons) {
        List<Column> columns = Column.of(comparisons);
        double longest = comparisons.stream()
                .flatMap(comparison -> columns.stream().map(column -> longestRun(comparison, column)))
                .mapToDouble(Double::doubleValue).max().orElse(0);
        TimeAxis axis = TimeAxis.spanning(longest);
        int rowHeight = BAR * columns.size() + 10;
        int plotTop = LEGEND + TICK_ROW;
        int plotBottom = plotTop + rowHeight * comparisons.size();
        int height = plotBottom + TICK_ROW + 20;
        int width = Math.max(LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH, LABEL_WIDTH + LEGEND_SPACING * columns.size());
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" role=\"img\" aria-label=\"time per pair and column\">\n");
        for (int c = 0; c < columns.size(); c++) {
            int x = LABEL_WIDTH + c * LEGEND_SPACING;
            svg.append("<rect class=\"bar").append(c % BAR_COLOURS).append("\" x=\"").append(x).append("\" y=\"4\" width=\"12\" height=\"12\"/>")
                    .append("<text x=\"").append(x + 16).append("\" y=\"15\" font-size=\"12\">").append(Reports.xml(columns.get(c).title())).append("</text>\n");
        }
        svg.append("<g class=\"axis\">\n");
        for (double tick : axis.ticks()) {
            int x = LABEL_WIDTH + scaled(tick, axis);
            String label = Reports.xml(axis.label(tick));
            svg.append("<line class=\"grid\" x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"").append(plotTop - 4)
                    .append("\" y2=\"").append(plotBottom + 4).append("\" shape-rendering=\"crispEdges\"/>")
                    .append("<text class=\"tick\" x=\"").append(x).append("\" y=\"").append(plotTop - 6).append("\" font-size=\"11\" text-anchor=\"middle\">")
                    .append(label).append("</text>")
                    .append("<text class=\"tick\" x=\"").append(x).append("\" y=\"").append(plotBottom + TICK_ROW).append("\" font-size=\"11\" text-anchor=\"middle\">")
                    .append(label).append("</text>\n");
        }
        svg.append("<text class=\"axis-title\" x=\"").append(LABEL_WIDTH + PLOT_WIDTH / 2).append("\" y=\"").append(plotBottom + TICK_ROW + 16)
                .append("\" font-size=\"11\" text-anchor=\"middle\">time of the script alone")
                .append(comparisons.stream().anyMatch(comparison -> comparison.repeats() > 1) ? " (median; the line spans the fastest to the slowest run)" : "")
                .append("</text>\n</g>\n");
        for (int p = 0; p < comparisons.size(); p++) {
            Comparison comparison = comparisons.get(p);
            int top = plotTop + p * rowHeight;
            svg.append("<a href=\"#").append(Reports.xml(ReportPage.anchor(comparison))).append("\"><text x=\"0\" y=\"").append(top + rowHeight / 2)
                    .append("\" font-size=\"12\">").append(Reports.xml(comparison.example().name())).append("</text></a>\n");
            for (int c = 0; c < columns.size(); c++) {
                svg.append(bar(comparison, columns.get(c), c, top + c * BAR, axis));
            }
        }
        return svg.append("</svg>").toString();
    }

    /** One cell's bar, its spread where it ran several times, and its time and ratio after it. */
    private static String bar(Comparison comparison, Column column, int index, int y, TimeAxis axis) {
        Outcome outcome = comparison.outcome(column);
        double seconds = outcome.elapsed().toNanos() / 1e9;
        int length = Math.max(scaled(seconds, axis), 1);
        boolean ran = outcome.status() != Outcome.Status.UNAVAILABLE;
        String value = ran ? Outcome.seconds(outcome.elapsed()) + ratioAfterBar(comparison, column) : outcome.detail();
        StringBuilder out = new StringBuilder();
        out.append("<rect class=\"bar").append(index % BAR_COLOURS).append(" timing\" data-seconds=\"").append(String.format(java.util.Locale.ROOT, "%.3f", seconds))
                .append("\" x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y).append("\" width=\"").append(length)
                .append("\" height=\"").append(BAR - 2).append("\"><title>").append(Reports.xml(column.title())).append(": ")
                .append(Reports.xml(value)).append("</title></rect>");
        double[] samples = comparison.seconds(column);
        int end = LABEL_WIDTH + length;
        if (ran && samples.length > 1) {
            double[] sorted = samples.clone();
            java.util.Arrays.sort(sorted);
            int from = LABEL_WIDTH + scaled(sorted[0], axis);
            int to = LABEL_WIDTH + scaled(sorted[sorted.length - 1], axis);
            int middle = y + (BAR - 2) / 2;
            out.append("<path class=\"spread\" d=\"M").append(from).append(' ').append(middle - 3).append("v6M").append(from).append(' ').append(middle)
                    .append('H').append(to).append("M").append(to).append(' ').append(middle - 3).append("v6\"/>");
            end = Math.max(end, to);
        }
        out.append("<text class=\"value\" x=\"").append(end + 4).append("\" y=\"").append(y + BAR - 3).append("\" font-size=\"10\">")
                .append(Reports.xml(value)).append("</text>\n");
        return out.toString();
    }

    /** {@code , 2.20x}, {@code , 1.05x n.s.} (not significant); nothing for CPython's own column or where it did not run. */
    private static String ratioAfterBar(Comparison comparison, Column column) {
        Optional<Ratio> ratio = column.equals(Column.CPYTHON) ? Optional.empty() : comparison.toCPython(column);
        return ratio.map(r -> ", " + r.times() + (r.test().isPresent() && !r.significant() ? " n.s." : "")).orElse("");
    }

    /** The cell's slowest run, which the axis must hold. */
    private static double longestRun(Comparison comparison, Column column) {
        double longest = comparison.outcome(column).elapsed().toNanos() / 1e9;
        for (double sample : comparison.seconds(column)) {
            longest = Math.max(longest, sample);
        }
        return longest;
    }

    private static int scaled(double seconds, TimeAxis axis) {
        return (int) Math.round(PLOT_WIDTH * seconds / axis.top());
    }
}
