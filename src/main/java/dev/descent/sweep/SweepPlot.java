package dev.descent.sweep;

import dev.descent.watch.Svg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A sweep's results as a standalone SVG document, drawn from its report: the configurations trained as far as the
 * best one, each at its mean metric. One parameter: the metric against it with 95% error bars across seeds. A
 * learning rate and a batch size: both on log axes with the best rate per batch size and the fitted power law
 * γ* = c·B^α. Two other parameters: a heatmap (a cell per grid point; coloured points when a domain is continuous).
 * More: parallel coordinates, a line per configuration across an axis per parameter and the metric's. Colour encodes
 * the metric: darker is better, the best is red.
 */
final class SweepPlot {

    private static final int WIDTH = 820;
    private static final int HEIGHT = 480;
    private static final int LEFT = 90;
    private static final int RIGHT = 190;
    private static final int TOP = 60;
    private static final int BOTTOM = 56;
    private static final int AXIS_SPACING = 150;
    private static final String BEST = "#d62728";
    private static final String MARK = "#1f77b4";
    /** Light to dark blue, worst to best: a sequential scale that stays visible on white. */
    private static final int[][] SCALE = {{198, 219, 239}, {66, 146, 198}, {8, 48, 107}};

    private final SweepReport report;
    private final List<String> paths;
    private final List<SweepReport.Entry> shown;
    private final String metricLabel;
    private final int width;
    private final StringBuilder svg;

    private SweepPlot(SweepReport report) {
        this.report = report;
        this.paths = List.copyOf(report.spec().parameters().keySet());
        int epochs = report.leaderboard().isEmpty() ? 0 : report.leaderboard().get(0).epochs();
        this.shown = report.leaderboard().stream().filter(e -> e.epochs() == epochs).toList();
        this.metricLabel = report.metric() + " (" + report.goal().name().toLowerCase() + ")";
        this.width = paths.size() > 2 ? Math.max(WIDTH, LEFT + RIGHT + AXIS_SPACING * paths.size()) : WIDTH;
        String name = report.name() != null ? report.name() : report.id().toString();
        this.svg = Svg.open(width, HEIGHT, name + ": " + report.metric());
    }

    static String render(SweepReport report) {
        SweepPlot plot = new SweepPlot(report);
        plot.svg.append(Svg.text(plot.width / 2.0, 44, "middle", "fill=\"#555\"", plot.subtitle()));
        if (plot.shown.isEmpty()) {
            plot.svg.append(Svg.text(plot.width / 2.0, HEIGHT / 2.0, "middle", "fill=\"#888\"", "no results yet"));
        } else if (report.batchSizeScaling() != null && plot.paths.size() == 2) {
            plot.scaling(report.batchSizeScaling());
        } else if (plot.paths.size() == 1) {
            plot.curve();
        } else if (plot.paths.size() == 2) {
            plot.heatmap();
        } else {
            plot.parallelCoordinates();
        }
        return plot.svg.append("</svg>\n").toString();
    }

    private String subtitle() {
        if (shown.isEmpty()) {
            return report.method().name().toLowerCase() + " sweep";
        }
        int stopped = report.leaderboard().size() - shown.size();
        int epochs = shown.get(0).epochs();
        return shown.size() + (shown.size() == 1 ? " configuration" : " configurations") + " after " + epochs
                + (epochs == 1 ? " epoch" : " epochs") + (stopped > 0 ? " (" + stopped + " stopped earlier)" : "")
                + (report.spec().seeds() > 1 && paths.size() == 1
                ? "; bars: 95% interval across " + report.spec().seeds() + " seeds" : "");
    }

    // --- the kinds of plot --------------------------------------------------------------------------------------

    /** The metric against the one parameter, points joined in the parameter's order, with their intervals. */
    private void curve() {
        String path = paths.get(0);
        PlotAxis x = PlotAxis.of(path, domain(path), values(path), false);
        double low = shown.stream().mapToDouble(e -> e.low() != null ? e.low() : e.mean()).min().orElseThrow();
        double high = shown.stream().mapToDouble(e -> e.high() != null ? e.high() : e.mean()).max().orElseThrow();
        PlotAxis y = PlotAxis.linear(metricLabel, low, high);
        frame(x, y);
        List<SweepReport.Entry> ordered = shown.stream()
                .sorted(Comparator.comparingDouble(e -> x.position(e.parameters().get(path)))).toList();
        svg.append("<path class=\"curve\" fill=\"none\" stroke=\"").append(MARK).append("\" stroke-width=\"1.5\" d=\"")
                .append(ordered.stream().map(e -> Svg.num(px(x.position(e.parameters().get(path)))) + ","
                        + Svg.num(py(y.position(e.mean())))).collect(Collectors.joining(" L", "M", "")))
                .append("\"/>\n<g class=\"marks\" stroke=\"").append(MARK).append("\">\n");
        for (SweepReport.Entry entry : ordered) {
            double cx = px(x.position(entry.parameters().get(path)));
            if (entry.low() != null) {
                double top = py(y.position(entry.high()));
                double bottom = py(y.position(entry.low()));
                svg.append(Svg.line(cx, top, cx, bottom)).append(Svg.line(cx - 4, top, cx + 4, top))
                        .append(Svg.line(cx - 4, bottom, cx + 4, bottom));
            }
            mark(entry, cx, py(y.position(entry.mean())), entry.rank() == 1 ? BEST : MARK, 4);
        }
        svg.append("</g>\n");
        legend(List.of(new String[]{MARK, "mean of a configuration"}, new String[]{BEST, "the best"}));
    }

    /** Both parameters' grid as cells coloured by the metric; points instead when a domain is continuous. */
    private void heatmap() {
        String across = paths.get(0);
        String up = paths.get(1);
        boolean grid = discrete(across) && discrete(up);
        PlotAxis x = PlotAxis.of(across, domain(across), values(across), grid);
        PlotAxis y = PlotAxis.of(up, domain(up), values(up), grid);
        frame(x, y);
        Range range = range();
        double cellWidth = x.cell() * (width - RIGHT - LEFT);
        double cellHeight = y.cell() * (HEIGHT - BOTTOM - TOP);
        svg.append("<g class=\"cells\">\n");
        for (SweepReport.Entry entry : worstFirst()) {
            double cx = px(x.position(entry.parameters().get(across)));
            double cy = py(y.position(entry.parameters().get(up)));
            String fill = range.colour(entry.mean());
            if (grid) {
                svg.append("<rect x=\"").append(Svg.num(cx - cellWidth / 2)).append("\" y=\"")
                        .append(Svg.num(cy - cellHeight / 2)).append("\" width=\"").append(Svg.num(cellWidth))
                        .append("\" height=\"").append(Svg.num(cellHeight)).append("\" fill=\"").append(fill)
                        .append(entry.rank() == 1 ? "\" stroke=\"" + BEST + "\" stroke-width=\"3" : "")
                        .append("\"><title>").append(Svg.escape(tooltip(entry))).append("</title></rect>\n");
                if (cellWidth >= 44 && cellHeight >= 20) {
                    svg.append(Svg.text(cx, cy + 4, "middle", "fill=\"" + (range.fraction(entry.mean()) > 0.5
                            ? "white" : "#222") + "\" pointer-events=\"none\"", Svg.format(entry.mean())));
                }
            } else {
                mark(entry, cx, cy, fill, 6);
            }
        }
        svg.append("</g>\n");
        colourBar(range);
    }

    /** The seed's question: log γ against log B, the best rate of each batch size and the line fitted through them. */
    private void scaling(BatchSizeScaling.Report scaling) {
        PlotAxis x = PlotAxis.log(scaling.batchSize(), numbers(scaling.batchSize()));
        PlotAxis y = PlotAxis.log(scaling.learningRate(), numbers(scaling.learningRate()));
        frame(x, y);
        Range range = range();
        svg.append("<clipPath id=\"plot-area\"><rect x=\"").append(LEFT).append("\" y=\"").append(TOP)
                .append("\" width=\"").append(width - RIGHT - LEFT).append("\" height=\"").append(HEIGHT - BOTTOM - TOP)
                .append("\"/></clipPath>\n<g class=\"marks\" stroke=\"#333\" stroke-width=\"0.5\">\n");
        for (SweepReport.Entry entry : worstFirst()) {
            mark(entry, px(x.position(entry.parameters().get(scaling.batchSize()))),
                    py(y.position(entry.parameters().get(scaling.learningRate()))), range.colour(entry.mean()), 6);
        }
        svg.append("</g>\n<g class=\"best-per-batch\" fill=\"none\" stroke=\"").append(BEST)
                .append("\" stroke-width=\"2\">\n");
        for (BatchSizeScaling.Point point : scaling.best()) {
            svg.append("<circle cx=\"").append(Svg.num(px(x.position(point.batchSize())))).append("\" cy=\"")
                    .append(Svg.num(py(y.position(point.learningRate())))).append("\" r=\"9\"/>\n");
        }
        svg.append("</g>\n");
        List<String[]> legend = new ArrayList<>();
        legend.add(new String[]{BEST, "best rate per batch size"});
        if (scaling.alpha() != null) {
            // γ* = c·B^α at the axis's two ends: a straight line on log–log axes
            double[] ends = {Math.pow(10, x.min()), Math.pow(10, x.max())};
            svg.append("<path class=\"power-law\" clip-path=\"url(#plot-area)\" fill=\"none\" stroke=\"").append(BEST)
                    .append("\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\" d=\"M");
            for (int i = 0; i < 2; i++) {
                double rate = scaling.coefficient() * Math.pow(ends[i], scaling.alpha());
                svg.append(i == 0 ? "" : " L").append(Svg.num(px(i))).append(',')
                        .append(Svg.num(py(y.position(rate))));
            }
            svg.append("\"/>\n");
            legend.add(new String[]{BEST, "γ* ∝ B^" + String.format(Locale.ROOT, "%.2f", scaling.alpha())});
        }
        legend(legend);
        colourBar(range, TOP + 20 * legend.size() + 16);
    }

    /** An axis per parameter and one for the metric; a line per configuration, the best drawn last, in red. */
    private void parallelCoordinates() {
        List<PlotAxis> axes = new ArrayList<>();
        paths.forEach(path -> axes.add(PlotAxis.of(path, domain(path), values(path), false)));
        Range range = range();
        axes.add(PlotAxis.linear(metricLabel, range.low(), range.high()));
        // the metric's axis keeps its tick labels clear of the colour bar
        double spacing = (double) (width - RIGHT - LEFT - 50) / (axes.size() - 1);
        svg.append("<g class=\"lines\" fill=\"none\">\n");
        for (SweepReport.Entry entry : worstFirst()) {
            StringBuilder d = new StringBuilder();
            for (int a = 0; a < axes.size(); a++) {
                Object value = a < paths.size() ? entry.parameters().get(paths.get(a)) : entry.mean();
                d.append(a == 0 ? "M" : " L").append(Svg.num(LEFT + a * spacing)).append(',')
                        .append(Svg.num(py(axes.get(a).position(value))));
            }
            boolean best = entry.rank() == 1;
            svg.append("<path stroke=\"").append(best ? BEST : range.colour(entry.mean())).append("\" stroke-width=\"")
                    .append(best ? "2.5" : "1.5").append("\" d=\"").append(d).append("\"><title>")
                    .append(Svg.escape(tooltip(entry))).append("</title></path>\n");
        }
        svg.append("</g>\n<g class=\"axes\">\n");
        int bottom = HEIGHT - BOTTOM;
        for (int a = 0; a < axes.size(); a++) {
            double ax = LEFT + a * spacing;
            svg.append("<g stroke=\"#333\">").append(Svg.line(ax, TOP, ax, bottom)).append("</g>\n");
            for (PlotAxis.Tick tick : axes.get(a).ticks()) {
                svg.append(Svg.text(ax + 5, py(tick.position()) + 4, "start", "font-size=\"10\" fill=\"#333\"",
                        tick.label()));
            }
            svg.append(Svg.text(ax, bottom + 20 + (a % 2) * 14, "middle", "", axes.get(a).label()));
        }
        svg.append("</g>\n");
        colourBar(range);
    }

    // --- pieces -------------------------------------------------------------------------------------------------

    /** Grid, axes, ticks and both axis labels of a two-axis plot. */
    private void frame(PlotAxis x, PlotAxis y) {
        int right = width - RIGHT;
        int bottom = HEIGHT - BOTTOM;
        svg.append("<g class=\"grid\" stroke=\"#e5e5e5\">\n");
        x.ticks().stream().filter(t -> x.scale() != PlotAxis.Scale.CATEGORY)
                .forEach(t -> svg.append(Svg.line(px(t.position()), TOP, px(t.position()), bottom)));
        y.ticks().stream().filter(t -> y.scale() != PlotAxis.Scale.CATEGORY)
                .forEach(t -> svg.append(Svg.line(LEFT, py(t.position()), right, py(t.position()))));
        svg.append("</g>\n<g class=\"axes\" stroke=\"#333\">\n").append(Svg.line(LEFT, bottom, right, bottom))
                .append(Svg.line(LEFT, TOP, LEFT, bottom)).append("</g>\n<g class=\"ticks\" fill=\"#333\">\n");
        x.ticks().forEach(t -> svg.append(Svg.text(px(t.position()), bottom + 18, "middle", "", t.label())));
        y.ticks().forEach(t -> svg.append(Svg.text(LEFT - 8, py(t.position()) + 4, "end", "", t.label())));
        double middle = (TOP + bottom) / 2.0;
        svg.append("</g>\n")
                .append(Svg.text((LEFT + right) / 2.0, HEIGHT - 14, "middle", "", axisLabel(x)))
                .append(Svg.text(18, middle, "middle", "transform=\"rotate(-90 18 " + Svg.num(middle) + ")\"",
                        axisLabel(y)));
    }

    private static String axisLabel(PlotAxis axis) {
        return axis.scale() == PlotAxis.Scale.LOG ? axis.label() + " (log scale)" : axis.label();
    }

    private void mark(SweepReport.Entry entry, double cx, double cy, String fill, double radius) {
        svg.append("<circle cx=\"").append(Svg.num(cx)).append("\" cy=\"").append(Svg.num(cy)).append("\" r=\"")
                .append(Svg.num(radius)).append("\" fill=\"").append(fill)
                .append(entry.rank() == 1 && !fill.equals(BEST) ? "\" stroke=\"" + BEST + "\" stroke-width=\"2" : "")
                .append("\"><title>").append(Svg.escape(tooltip(entry))).append("</title></circle>\n");
    }

    private void legend(List<String[]> entries) {
        int x = width - RIGHT + 20;
        svg.append("<g class=\"legend\">\n");
        for (int i = 0; i < entries.size(); i++) {
            double y = TOP + 10 + i * 20;
            svg.append("<circle cx=\"").append(x + 5).append("\" cy=\"").append(Svg.num(y - 4)).append("\" r=\"4\" fill=\"")
                    .append(entries.get(i)[0]).append("\"/>\n")
                    .append(Svg.text(x + 16, y, "start", "", entries.get(i)[1]));
        }
        svg.append("</g>\n");
    }

    private void colourBar(Range range) {
        colourBar(range, TOP);
    }

    /** The metric's colours from worst (bottom) to best (top). */
    private void colourBar(Range range, int top) {
        int x = width - RIGHT + 20;
        int height = Math.min(200, HEIGHT - BOTTOM - top - 38);
        svg.append("<linearGradient id=\"metric-scale\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n");
        for (int i = 0; i < SCALE.length; i++) {
            svg.append("<stop offset=\"").append(Svg.num(100.0 * i / (SCALE.length - 1))).append("%\" stop-color=\"")
                    .append(Svg.rgb(SCALE[i][0], SCALE[i][1], SCALE[i][2])).append("\"/>\n");
        }
        svg.append("</linearGradient>\n<g class=\"colour-bar\">\n<rect x=\"").append(x).append("\" y=\"").append(top + 30)
                .append("\" width=\"16\" height=\"").append(height).append("\" fill=\"url(#metric-scale)\"/>\n")
                .append(Svg.text(x, top + 8, "start", "", report.metric()))
                .append(Svg.text(x, top + 22, "start", "fill=\"#555\"", "darker is better"))
                .append(Svg.text(x + 22, top + 42, "start", "", Svg.format(range.best())))
                .append(Svg.text(x + 22, top + 30 + height, "start", "", Svg.format(range.worst())))
                .append("</g>\n");
    }

    private double px(double position) {
        return LEFT + position * (width - RIGHT - LEFT);
    }

    private static double py(double position) {
        return HEIGHT - BOTTOM - position * (HEIGHT - BOTTOM - TOP);
    }

    private String tooltip(SweepReport.Entry entry) {
        return "#" + entry.rank() + " " + entry.parameters().entrySet().stream()
                .map(p -> p.getKey() + " " + PlotAxis.label(p.getValue())).collect(Collectors.joining(", "))
                + ": " + report.metric() + " " + Svg.format(entry.mean())
                + (entry.low() != null ? " [" + Svg.format(entry.low()) + ", " + Svg.format(entry.high()) + "]" : "");
    }

    /** Worst first, so that better marks are drawn over worse ones. */
    private List<SweepReport.Entry> worstFirst() {
        List<SweepReport.Entry> entries = new ArrayList<>(shown);
        Collections.reverse(entries);
        return entries;
    }

    private ParameterDomain domain(String path) {
        return report.spec().parameters().get(path);
    }

    private boolean discrete(String path) {
        return domain(path).values() != null || domain(path).intRange() != null;
    }

    private List<Object> values(String path) {
        return shown.stream().map(e -> e.parameters().get(path)).toList();
    }

    private List<Double> numbers(String path) {
        return values(path).stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    private Range range() {
        double low = shown.stream().mapToDouble(SweepReport.Entry::mean).min().orElseThrow();
        double high = shown.stream().mapToDouble(SweepReport.Entry::mean).max().orElseThrow();
        return new Range(low, high, report.goal() == SweepSpec.Goal.MAX);
    }

    /** The shown means' range and its colours: the best end darkest. */
    private record Range(double low, double high, boolean maximize) {

        double best() {
            return maximize ? high : low;
        }

        double worst() {
            return maximize ? low : high;
        }

        /** 0 for the worst, 1 for the best. */
        double fraction(double value) {
            return high > low ? (maximize ? value - low : high - value) / (high - low) : 1;
        }

        String colour(double value) {
            double t = fraction(value) * (SCALE.length - 1);
            int i = Math.min((int) t, SCALE.length - 2);
            double f = t - i;
            int[] c = new int[3];
            for (int k = 0; k < 3; k++) {
                c[k] = (int) Math.round(SCALE[i][k] + f * (SCALE[i + 1][k] - SCALE[i][k]));
            }
            return Svg.rgb(c[0], c[1], c[2]);
        }
    }
}
