package dev.descent.watch;

import dev.descent.model.Shape;

import java.util.List;

/**
 * Images and their input gradients as heatmaps side by side, one line per row, as a standalone SVG document: the
 * image in grey from its smallest value (black) to its largest (white), the gradient from blue (negative) through
 * white (zero) to red (positive), symmetric about zero so that the colour's sign is the gradient's. A
 * multi-channel image is drawn one channel per pair. Every piece of text is escaped as in {@link Svg}.
 */
public final class SvgHeatmaps {

    /** One row to draw: its raw values and their gradient, each in the image's [channels, height, width] order. */
    public record Panel(String caption, double[] image, double[] gradient) {
    }

    private static final int PANEL = 160;
    private static final int GAP = 24;
    private static final int CAPTION = 36;
    private static final int TOP = 44;

    private SvgHeatmaps() {
    }

    public static String render(String title, Shape shape, List<Panel> panels) {
        int channels = shape.channels();
        int height = shape.height();
        int width = shape.width();
        double cell = (double) PANEL / Math.max(height, width);
        int lineHeight = PANEL + CAPTION + GAP;
        int documentWidth = Math.max(2 * channels * (PANEL + GAP) + GAP, 420);
        int documentHeight = TOP + panels.size() * channels * lineHeight + GAP;
        StringBuilder svg = Svg.open(documentWidth, documentHeight, title);
        int pixels = height * width;
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            for (int c = 0; c < channels; c++) {
                double y = TOP + (p * channels + c) * lineHeight;
                double imageX = GAP + 2 * c * (PANEL + GAP);
                double gradientX = imageX + PANEL + GAP;
                String channel = channels > 1 ? ", channel " + c : "";
                svg.append(grid(panel.image(), c * pixels, height, width, imageX, y, cell, false))
                        .append(grid(panel.gradient(), c * pixels, height, width, gradientX, y, cell, true))
                        .append(Svg.text(imageX, y + PANEL + 16, "start", "", panel.caption() + channel))
                        .append(Svg.text(gradientX, y + PANEL + 16, "start", "", "gradient, |max| "
                                + Svg.format(maxAbs(panel.gradient(), c * pixels, pixels))));
            }
        }
        return svg.append("</svg>\n").toString();
    }

    /** One channel as a height × width grid of cells; a gradient diverges about zero, an image spans its range. */
    private static String grid(double[] values, int offset, int height, int width, double x, double y, double cell,
                               boolean diverging) {
        int pixels = height * width;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = offset; i < offset + pixels; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        double bound = maxAbs(values, offset, pixels);
        StringBuilder cells = new StringBuilder(pixels * 80);
        cells.append("<g class=\"").append(diverging ? "gradient" : "image").append("\" shape-rendering=\"crispEdges\">\n");
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                double v = values[offset + r * width + c];
                String colour = diverging ? diverging(bound > 0 ? v / bound : 0)
                        : grey(max > min ? (v - min) / (max - min) : 0);
                cells.append("<rect x=\"").append(Svg.num(x + c * cell)).append("\" y=\"").append(Svg.num(y + r * cell))
                        .append("\" width=\"").append(Svg.num(cell)).append("\" height=\"").append(Svg.num(cell))
                        .append("\" fill=\"").append(colour).append("\"/>\n");
            }
        }
        return cells.append("</g>\n").toString();
    }

    private static double maxAbs(double[] values, int offset, int count) {
        double bound = 0;
        for (int i = offset; i < offset + count; i++) {
            bound = Math.max(bound, Math.abs(values[i]));
        }
        return bound;
    }

    /** t in [0, 1] from black to white. */
    private static String grey(double t) {
        int level = (int) Math.round(255 * t);
        return Svg.rgb(level, level, level);
    }

    /** t in [−1, 1]: blue at −1, white at 0, red at 1. */
    private static String diverging(double t) {
        int fade = (int) Math.round(255 * (1 - Math.abs(t)));
        return t >= 0 ? Svg.rgb(255, fade, fade) : Svg.rgb(fade, fade, 255);
    }
}
