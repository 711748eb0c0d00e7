package dev.descent.watch;

import dev.descent.history.CurvePoint;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as a standalone SVG document: title, axes with ticks at round values (powers of ten on a log scale),
 * axis labels and a legend. Every piece of text is escaped: job names and labels come from clients.
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
            yTicks = ticks(yMin, yMax);
            yMin = Math.min(yMin, yTicks.get(0));
            yMax = Math.max(yMax, yTicks.get(yTicks.size() - 1));
        }
        List<Double> xTicks = ticks(xMin, xMax);
        Frame frame = new Frame(xMin, xMax, yMin, yMax);

        StringBuilder svg = new StringBuilder(16_384);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
                .append(text(WIDTH / 2.0, 24, "middle", "font-size=\"16\" font-weight=\"bold\"", title));
        int plotRight = WIDTH - RIGHT;
        int plotBottom = HEIGHT - BOTTOM;
        svg.append("<g class=\"grid\" stroke=\"#e5e5e5\">\n");
        for (double t : xTicks) {
            svg.append(line(frame.x(t), TOP, frame.x(t), plotBottom));
        }
        for (double t : yTicks) {
            svg.append(line(LEFT, frame.y(t), plotRight, frame.y(t)));
        }
        svg.append("</g>\n<g class=\"axes\" stroke=\"#333\">\n")
                .append(line(LEFT, plotBottom, plotRight, plotBottom))
                .append(line(LEFT, TOP, LEFT, plotBottom));
        for (double t : xTicks) {
            svg.append(line(frame.x(t), plotBottom, frame.x(t), plotBottom + 5));
        }
        for (double t : yTicks) {
            svg.append(line(LEFT - 5, frame.y(t), LEFT, frame.y(t)));
        }
        svg.append("</g>\n<g class=\"ticks\" fill=\"#333\">\n");
        for (double t : xTicks) {
            svg.append(text(frame.x(t), plotBottom + 18, "middle", "", format(t)));
        }
        for (double t : yTicks) {
            svg.append(text(LEFT - 8, frame.y(t) + 4, "end", "", logY ? format(Math.pow(10, t)) : format(t)));
        }
        svg.append("</g>\n")
                .append(text((LEFT + plotRight) / 2.0, HEIGHT - 14, "middle", "", xLabel))
                .append(text(18, (TOP + plotBottom) / 2.0, "middle",
                        "transform=\"rotate(-90 18 " + num((TOP + plotBottom) / 2.0) + ")\"",
                        logY ? yLabel + " (log scale)" : yLabel));
        if (empty) {
            svg.append(text((LEFT + plotRight) / 2.0, (TOP + plotBottom) / 2.0, "middle", "fill=\"#888\"", "no data"));
        }
        svg.append("<g class=\"series\" fill=\"none\" stroke-width=\"1.5\">\n");
        for (int i = 0; i < series.size(); i++) {
            StringBuilder path = new StringBuilder();
            for (CurvePoint p : series.get(i).points()) {
                if (plottable(p.value(), logY)) {
                    path.append(path.isEmpty() ? "M" : " L").append(num(frame.x(p.x()))).append(',')
                            .append(num(frame.y(logY ? Math.log10(p.value()) : p.value())));
                }
            }
            if (!path.isEmpty()) {
                svg.append("<path stroke=\"").append(COLORS[i % COLORS.length]).append("\" d=\"").append(path)
                        .append("\"><title>").append(escape(series.get(i).label())).append("</title></path>\n");
            }
        }
        svg.append("</g>\n<g class=\"legend\">\n");
        for (int i = 0; i < series.size(); i++) {
            double y = TOP + 10 + i * 20;
            svg.append("<rect x=\"").append(plotRight + 16).append("\" y=\"").append(num(y - 6))
                    .append("\" width=\"14\" height=\"4\" fill=\"").append(COLORS[i % COLORS.length]).append("\"/>\n")
                    .append(text(plotRight + 36, y, "start", "", shorten(series.get(i).label())));
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

    /** Round ticks (1, 2 or 5 × 10^k apart), about five, inside [min, max] or just around it. */
    static List<Double> ticks(double min, double max) {
        double raw = (max - min) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / magnitude >= 5 ? 5 * magnitude : raw / magnitude >= 2 ? 2 * magnitude : magnitude;
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.floor(min / step) * step; t <= max + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0 : t);
        }
        if (ticks.size() < 2) {
            ticks.add(ticks.get(0) + step);
        }
        return ticks;
    }

    static String format(double v) {
        if (v == 0) {
            return "0";
        }
        double abs = Math.abs(v);
        if (abs >= 1e5 || abs < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", v).replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static String shorten(String label) {
        return label.length() > 26 ? label.substring(0, 25) + "…" : label;
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\"/>\n";
    }

    static String text(double x, double y, String anchor, String attributes, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\""
                + (attributes.isEmpty() ? "" : " " + attributes) + ">" + escape(content) + "</text>\n";
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** XML-escapes text and drops characters XML 1.0 cannot hold at all. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                            || c >= 0x10000) {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }
}
