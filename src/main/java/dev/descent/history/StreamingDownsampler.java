package dev.descent.history;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link Downsampler}'s methods for a curve too long to hold: the same points, from the curve's {@code n} points
 * read in x order (once for min/max, twice for LTTB, which needs each bucket's successor's mean before it chooses),
 * holding O(maxPoints) values whatever n is. {@link Downsampler} is the plain version it is tested equal to.
 * Points past the {@code n} announced are ignored; if fewer arrive (the history was cut back meanwhile), the curve
 * ends at the last one read.
 */
abstract sealed class StreamingDownsampler {

    final long n;
    final int maxPoints;
    final List<CurvePoint> out = new ArrayList<>();

    StreamingDownsampler(long n, int maxPoints) {
        this.n = n;
        this.maxPoints = maxPoints;
    }

    static StreamingDownsampler of(DownsampleMethod method, long n, int maxPoints) {
        return method == DownsampleMethod.LTTB ? new Lttb(n, maxPoints) : new MinMax(n, maxPoints);
    }

    /** How many times the points are to be read. */
    int passes() {
        return 1;
    }

    /** The {@code i}-th point of pass {@code pass} (from 0). */
    abstract void add(int pass, long i, long x, double y);

    /** The downsampled curve, after the last pass. */
    abstract List<CurvePoint> points();

    /** The curve's last point read, unless it is there already (a history cut back between count and read). */
    void addLast(CurvePoint last) {
        if (last != null && !out.get(out.size() - 1).equals(last)) {
            out.add(last);
        }
    }

    /** Fewer points than asked for (or too few asked for to split into buckets): only these are kept. */
    boolean keepsAll() {
        return n <= maxPoints;
    }

    private static final class MinMax extends StreamingDownsampler {
        private final long inner;
        private final long buckets;
        private long bucket = -1;
        private long minI;
        private long maxI;
        private long minX;
        private long maxX;
        private double minY;
        private double maxY;
        private CurvePoint last;

        MinMax(long n, int maxPoints) {
            super(n, maxPoints);
            this.inner = n - 2;
            this.buckets = (maxPoints - 2) / 2;
        }

        @Override
        void add(int pass, long i, long x, double y) {
            if (i >= n) {
                return;
            }
            last = new CurvePoint(x, y);
            if (keepsAll() || i == 0) {
                out.add(last);
            } else if (maxPoints >= 4 && i < n - 1) {
                // the bucket whose range [1 + inner·b/buckets, 1 + inner·(b+1)/buckets) holds i, as Downsampler's
                long b = (i * buckets - 1) / inner;
                if (b != bucket) {
                    flush();
                    bucket = b;
                    minI = maxI = i;
                    minX = maxX = x;
                    minY = maxY = y;
                } else {
                    if (y < minY) {
                        minI = i;
                        minX = x;
                        minY = y;
                    }
                    if (y > maxY) {
                        maxI = i;
                        maxX = x;
                        maxY = y;
                    }
                }
            }
        }

        private void flush() {
            if (bucket < 0) {
                return;
            }
            CurvePoint min = new CurvePoint(minX, minY);
            CurvePoint max = new CurvePoint(maxX, maxY);
            out.add(minI <= maxI ? min : max);
            if (minI != maxI) {
                out.add(minI <= maxI ? max : min);
            }
            bucket = -1;
        }

        @Override
        List<CurvePoint> points() {
            if (!keepsAll()) {
                flush();
                addLast(last);
            }
            return out;
        }
    }

    private static final class Lttb extends StreamingDownsampler {
        private final int buckets;
        private final long[] from;
        private final long[] to;
        private final long[] nextFrom;
        private final long[] nextTo;
        /** The bucket's successor is the last point: by Downsampler's rule, for the last bucket or an empty successor. */
        private final boolean[] nextIsLast;
        private final double[] sumX;
        private final double[] sumY;
        private long lastX;
        private double lastY;
        /** The last index read in pass 1. */
        private long lastRead = -1;
        // pass 0: the successor range being summed; pass 1: the bucket being chosen from
        private int at;
        private long keptX;
        private double keptY;
        private double bestArea;
        private long bestX;
        private double bestY;
        private CurvePoint last;

        Lttb(long n, int maxPoints) {
            super(n, maxPoints);
            boolean thinned = n > maxPoints && maxPoints >= 3;
            this.buckets = thinned ? maxPoints - 2 : 0;
            from = new long[buckets];
            to = new long[buckets];
            nextFrom = new long[buckets];
            nextTo = new long[buckets];
            nextIsLast = new boolean[buckets];
            sumX = new double[buckets];
            sumY = new double[buckets];
            double width = (double) (n - 2) / Math.max(1, buckets);
            for (int b = 0; b < buckets; b++) {
                from[b] = 1 + (long) (b * width);
                to[b] = Math.min(n - 1, 1 + (long) ((b + 1) * width));
                nextFrom[b] = to[b];
                nextTo[b] = Math.min(n, 1 + (long) ((b + 2) * width));
                nextIsLast[b] = b == buckets - 1 || nextFrom[b] >= nextTo[b];
            }
        }

        @Override
        boolean keepsAll() {
            return n <= maxPoints || maxPoints < 3;
        }

        @Override
        int passes() {
            return keepsAll() ? 1 : 2;
        }

        @Override
        void add(int pass, long i, long x, double y) {
            if (i >= n) {
                return;
            }
            if (keepsAll()) {
                if (n <= maxPoints || i == 0 || i == n - 1) {
                    out.add(new CurvePoint(x, y));
                }
            } else if (pass == 0) {
                sum(i, x, y);
            } else {
                choose(i, x, y);
            }
        }

        /** Pass 0: the successors' sums, in index order as Downsampler adds them, and the last point. */
        private void sum(long i, long x, double y) {
            lastX = x;
            lastY = y;
            while (at < buckets && (nextIsLast[at] || i >= nextTo[at])) {
                at++;
            }
            if (at < buckets && i >= nextFrom[at]) {
                sumX[at] += x;
                sumY[at] += y;
            }
        }

        /** Pass 1: in each bucket, the point with the largest triangle (kept point, it, successor's mean). */
        private void choose(long i, long x, double y) {
            last = new CurvePoint(x, y);
            lastRead = i;
            if (i == 0) {
                out.add(last);
                keptX = x;
                keptY = y;
                at = 0;
                return;
            }
            while (at < buckets && i >= to[at]) {
                keep(at++);
            }
            if (at >= buckets || i < from[at]) {
                return;
            }
            double meanX = nextIsLast[at] ? lastX : sumX[at] / (nextTo[at] - nextFrom[at]);
            double meanY = nextIsLast[at] ? lastY : sumY[at] / (nextTo[at] - nextFrom[at]);
            double area = Math.abs((keptX - meanX) * (y - keptY) - (keptX - x) * (meanY - keptY));
            // a bucket's first point is its best until a larger area shows (a NaN area never does)
            if (i == from[at] || area > bestArea) {
                bestArea = area > -1 ? area : -1;
                bestX = x;
                bestY = y;
            }
        }

        private void keep(int b) {
            if (from[b] < to[b]) {
                out.add(new CurvePoint(bestX, bestY));
                keptX = bestX;
                keptY = bestY;
            }
        }

        @Override
        List<CurvePoint> points() {
            if (!keepsAll() && last != null) {
                if (at < buckets && lastRead < n - 1 && lastRead >= from[at]) {
                    keep(at);
                }
                addLast(last);
            }
            return out;
        }
    }
}
