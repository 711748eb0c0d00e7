package dev.descent.watch;

import dev.descent.history.CurvePoint;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart as a standalone SVG document: title, axes with ticks at round values (powers of ten on a log scale),
 * axis labels and a legend.
 */
public final class SvgPlot {

    static final int WIDTH = 820;
    static final int HEIGHT = 460;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 44;
    private static final int BOTTOM = 56;
    private static final String[] COLORS =
            {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};

    private SvgPlot() {
    }

    /** With {@code logY}, points with a value ≤ 0 (or not finite) are left out; the y range spans whole decades. */
    public static String render(String title, String xLabel, String yLabel, List<PlotSeries> series, boolean logY) {
        double xMin = Double.POSITIVE_INFINITY, xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY, yMax = Double.NEGATIVE_INFINITY;
        for (PlotSeries s : series) {
            for (CurvePoint p : s.points()) {
                if (plottable(p.value(), logY)) {
                    double y = logY ? Math.log10(p.value()) : p.value();
                    xMin = Math.min(xMin, p.x());
                    xMax = Math.max(xMax, p.x());
                    yMin = Math.min(yMin, y);
                    yMax = Math.max(yMax, y);
                }
            }
        }
        boolean empty = xMin > xMax;
        if (empty) {
            xMin = 0;
            xMax = 1;
            yMin = 0;
            yMax = 1;
        }
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        List<Double> yTicks;
        if (logY) {
            yMin = Math.floor(yMin);
            yMax = Math.max(Math.ceil(yMax), yMin + 1);
            yTicks = new ArrayList<>();
            int every = (int) Math.ceil((yMax - yMin) / 8);
            for (double e = yMin; e <= yMax + 1e-9; e += every) {
                yTicks.add(e);
            }
        } else {
            if (yMax == yMin) {
                yMin -= Math.abs(yMin) > 0 ? Math.abs(yMin) * 0.1 : 1;
                yMax += Math.abs(yMax) > 0 ? Math.abs(yMax) * 0.1 : 1;
            }
            yTicks = Svg.ticks(yMin, yMax);
            yMin = Math.min(yMin, yTicks.get(0));
            yMax = Math.max(yMax, yTicks.get(yTicks.size() - 1));
        }
        List<Double> xTicks = Svg.ticks(xMin, xMax);
        Frame frame = new Frame(xMin, xMax, yMin, yMax);

        StringBuilder svg = Svg.open(WIDTH, HEIGHT, title);
        int plotRight = WIDTH - RIGHT;
        int plotBottom = HEIGHT - BOTTOM;
        svg.append("<g class=\"grid\" stroke=\"#e5e5e5\">\n");
        for (double t : xTicks) {
            svg.append(Svg.line(frame.x(t), TOP, frame.x(t), plotBottom));
        }
        for (double t : yTicks) {
            svg.append(Svg.line(LEFT, frame.y(t), plotRight, frame.y(t)));
        }
        svg.append("</g>\n<g class=\"axes\" stroke=\"#333\">\n")
                .append(Svg.line(LEFT, plotBottom, plotRight, plotBottom))
                .append(Svg.line(LEFT, TOP, LEFT, plotBottom));
        for (double t : xTicks) {
            svg.append(Svg.line(frame.x(t), plotBottom, frame.x(t), plotBottom + 5));
        }
        for (double t : yTicks) {
            svg.append(Svg.line(LEFT - 5, frame.y(t), LEFT, frame.y(t)));
        }
        svg.append("</g>\n<g class=\"ticks\" fill=\"#333\">\n");
        for (double t : xTicks) {
            svg.append(Svg.text(frame.x(t), plotBottom + 18, "middle", "", Svg.format(t)));
        }
        for (double t : yTicks) {
            svg.append(Svg.text(LEFT - 8, frame.y(t) + 4, "end", "", Svg.format(logY ? Math.pow(10, t) : t)));
        }
        svg.append("</g>\n")
                .append(Svg.text((LEFT + plotRight) / 2.0, HEIGHT - 14, "middle", "", xLabel))
                .append(Svg.text(18, (TOP + plotBottom) / 2.0, "middle",
                        "transform=\"rotate(-90 18 " + Svg.num((TOP + plotBottom) / 2.0) + ")\"",
                        logY ? yLabel + " (log scale)" : yLabel));
        if (empty) {
            svg.append(Svg.text((LEFT + plotRight) / 2.0, (TOP + plotBottom) / 2.0, "middle", "fill=\"#888\"",
                    "no data"));
        }
        svg.append("<g class=\"series\" fill=\"none\" stroke-width=\"1.5\">\n");
        for (int i = 0; i < series.size(); i++) {
            StringBuilder path = new StringBuilder();
            for (CurvePoint p : series.get(i).points()) {
                if (plottable(p.value(), logY)) {
                    path.append(path.isEmpty() ? "M" : " L").append(Svg.num(frame.x(p.x()))).append(',')
                            .append(Svg.num(frame.y(logY ? Math.log10(p.value()) : p.value())));
                }
            }
            if (!path.isEmpty()) {
                svg.append("<path stroke=\"").append(COLORS[i % COLORS.length]).append("\" d=\"").append(path)
                        .append("\"><title>").append(Svg.escape(series.get(i).label())).append("</title></path>\n");
            }
        }
        svg.append("</g>\n<g class=\"legend\">\n");
        for (int i = 0; i < series.size(); i++) {
            double y = TOP + 10 + i * 20;
            svg.append("<rect x=\"").append(plotRight + 16).append("\" y=\"").append(Svg.num(y - 6))
                    .append("\" width=\"14\" height=\"4\" fill=\"").append(COLORS[i % COLORS.length]).append("\"/>\n")
                    .append(Svg.text(plotRight + 36, y, "start", "", shorten(series.get(i).label())));
        }
        return svg.append("</g>\n</svg>\n").toString();
    }

    private static boolean plottable(double value, boolean logY) {
        return Double.isFinite(value) && (!logY || value > 0);
    }

    private record Frame(double xMin, double xMax, double yMin, double yMax) {
        double x(double v) {
            return LEFT + (v - xMin) / (xMax - xMin) * (WIDTH - RIGHT - LEFT);
        }

        double y(double v) {
            return HEIGHT - BOTTOM - (v - yMin) / (yMax - yMin) * (HEIGHT - BOTTOM - TOP);
        }
    }

    private static String shorten(String label) {
        return label.length() > 26 ? label.substring(0, 25) + "…" : label;
    }
}
