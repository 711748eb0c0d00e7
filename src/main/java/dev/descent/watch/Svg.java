package dev.descent.watch;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every SVG document the server draws is made of: its opening (size, a white page, the title), text, lines,
 * round ticks and numbers. Every piece of text is escaped: names and labels come from clients.
 */
public final class Svg {

    private Svg() {
    }

    /** The document's opening up to its drawn title; the caller appends its content and {@code </svg>}. */
    public static StringBuilder open(int width, int height, String title) {
        return new StringBuilder(16_384).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n")
                .append(text(width / 2.0, 24, "middle", "font-size=\"16\" font-weight=\"bold\"", title));
    }

    /** Round ticks (1, 2 or 5 × 10^k apart), about five, inside [min, max] or just around it. */
    public static List<Double> ticks(double min, double max) {
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

    public static String format(double v) {
        if (v == 0) {
            return "0";
        }
        double abs = Math.abs(v);
        if (abs >= 1e5 || abs < 1e-3) {
            return String.format(Locale.ROOT, "%.3g", v).replace("e+0", "e").replace("e-0", "e-").replace("e+", "e");
        }
        return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    public static String line(double x1, double y1, double x2, double y2) {
        return "<line x1=\"" + num(x1) + "\" y1=\"" + num(y1) + "\" x2=\"" + num(x2) + "\" y2=\"" + num(y2) + "\"/>\n";
    }

    public static String text(double x, double y, String anchor, String attributes, String content) {
        return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" text-anchor=\"" + anchor + "\""
                + (attributes.isEmpty() ? "" : " " + attributes) + ">" + escape(content) + "</text>\n";
    }

    public static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** XML-escapes text and drops characters XML 1.0 cannot hold at all. */
    public static String escape(String text) {
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

    public static String rgb(int r, int g, int b) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
