package dev.descent.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Curve downsampling; both methods keep the first and last points and return points in x order.
 * <ul>
 * <li>min/max buckets: each bucket keeps its lowest and highest point, so spikes and the curve's extremes survive;
 * <li>LTTB (Largest-Triangle-Three-Buckets, S. Steinarsson, "Downsampling Time Series for Visual Representation",
 * 2013): one point per bucket, the one forming the largest triangle with the point kept before it and the mean of
 * the next bucket, which keeps the curve's visual shape with half the points of min/max.
 * </ul>
 */
final class Downsampler {

    private Downsampler() {
    }

    static List<CurvePoint> minMax(List<CurvePoint> points, int maxPoints) {
        return minMax(Series.of(points), maxPoints);
    }

    static List<CurvePoint> lttb(List<CurvePoint> points, int maxPoints) {
        return lttb(Series.of(points), maxPoints);
    }

    static List<CurvePoint> downsample(Series points, int maxPoints, DownsampleMethod method) {
        return method == DownsampleMethod.LTTB ? lttb(points, maxPoints) : minMax(points, maxPoints);
    }

    static List<CurvePoint> minMax(Series points, int maxPoints) {
        int n = points.size();
        if (n <= maxPoints || maxPoints < 4) {
            return n <= maxPoints ? points.points() : List.of(points.point(0), points.point(n - 1));
        }
        List<CurvePoint> out = new ArrayList<>(maxPoints);
        out.add(points.point(0));
        int inner = n - 2;
        int buckets = (maxPoints - 2) / 2;
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) inner * b / buckets);
            int to = 1 + (int) ((long) inner * (b + 1) / buckets);
            if (from >= to) {
                continue;
            }
            int min = from;
            int max = from;
            for (int i = from + 1; i < to; i++) {
                if (points.y(i) < points.y(min)) {
                    min = i;
                }
                if (points.y(i) > points.y(max)) {
                    max = i;
                }
            }
            out.add(points.point(Math.min(min, max)));
            if (min != max) {
                out.add(points.point(Math.max(min, max)));
            }
        }
        out.add(points.point(n - 1));
        return out;
    }

    static List<CurvePoint> lttb(Series points, int maxPoints) {
        int n = points.size();
        if (n <= maxPoints || maxPoints < 3) {
            return n <= maxPoints ? points.points() : List.of(points.point(0), points.point(n - 1));
        }
        List<CurvePoint> out = new ArrayList<>(maxPoints);
        out.add(points.point(0));
        int buckets = maxPoints - 2;
        double width = (double) (n - 2) / buckets;
        int kept = 0;
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) (b * width);
            int to = Math.min(n - 1, 1 + (int) ((b + 1) * width));
            // the next bucket's mean (the last point for the last bucket) is the triangle's third corner
            int nextFrom = to;
            int nextTo = Math.min(n, 1 + (int) ((b + 2) * width));
            if (b == buckets - 1 || nextFrom >= nextTo) {
                nextFrom = n - 1;
                nextTo = n;
            }
            double meanX = 0;
            double meanY = 0;
            for (int i = nextFrom; i < nextTo; i++) {
                meanX += points.x(i);
                meanY += points.y(i);
            }
            meanX /= nextTo - nextFrom;
            meanY /= nextTo - nextFrom;
            double ax = points.x(kept);
            double ay = points.y(kept);
            int best = from;
            double bestArea = -1;
            for (int i = from; i < to; i++) {
                double area = Math.abs((ax - meanX) * (points.y(i) - ay) - (ax - points.x(i)) * (meanY - ay));
                if (area > bestArea) {
                    bestArea = area;
                    best = i;
                }
            }
            if (from < to) {
                out.add(points.point(best));
                kept = best;
            }
        }
        out.add(points.point(n - 1));
        return out;
    }
}
