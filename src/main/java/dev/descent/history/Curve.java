package dev.descent.history;

import java.util.List;

/** A metric of one job over steps or epochs; {@code totalPoints} counts the points before downsampling. */
public record Curve(String metric, String x, int totalPoints, List<CurvePoint> points) {
}
