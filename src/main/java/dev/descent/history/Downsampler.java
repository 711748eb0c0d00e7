package dev.descent.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Min/max bucket downsampling: each bucket keeps its lowest and highest point in x order, so spikes and the curve's
 * extremes survive; the first and last points are always kept.
 */
final class Downsampler {

    private Downsampler() {
    }

    static List<CurvePoint> minMax(List<CurvePoint> points, int maxPoints) {
        if (points.size() <= maxPoints || maxPoints < 4) {
            return points.size() <= maxPoints ? points : List.of(points.get(0), points.get(points.size() - 1));
        }
        List<CurvePoint> out = new ArrayList<>(maxPoints);
        out.add(points.get(0));
        int inner = points.size() - 2;
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
                if (points.get(i).value() < points.get(min).value()) {
                    min = i;
                }
                if (points.get(i).value() > points.get(max).value()) {
                    max = i;
                }
            }
            out.add(points.get(Math.min(min, max)));
            if (min != max) {
                out.add(points.get(Math.max(min, max)));
            }
        }
        out.add(points.get(points.size() - 1));
        return out;
    }
}
