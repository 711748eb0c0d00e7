package dev.descent.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A curve as two primitive arrays, grown as rows are read: a million boxed points would cost more time and memory
 * than the query that reads them.
 */
final class Series {

    private long[] x;
    private double[] y;
    private int size;

    Series(int capacity) {
        x = new long[Math.max(16, capacity)];
        y = new double[x.length];
    }

    static Series of(List<CurvePoint> points) {
        Series series = new Series(points.size());
        points.forEach(p -> series.add(p.x(), p.value()));
        return series;
    }

    void add(long px, double py) {
        if (size == x.length) {
            x = Arrays.copyOf(x, size * 2);
            y = Arrays.copyOf(y, size * 2);
        }
        x[size] = px;
        y[size] = py;
        size++;
    }

    int size() {
        return size;
    }

    long x(int i) {
        return x[i];
    }

    double y(int i) {
        return y[i];
    }

    CurvePoint point(int i) {
        return new CurvePoint(x[i], y[i]);
    }

    List<CurvePoint> points() {
        List<CurvePoint> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(point(i));
        }
        return out;
    }

    /** The curve smoothed as {@link Smoothing} does. */
    Series smoothed(double smoothing) {
        if (smoothing <= 0 || size == 0) {
            return this;
        }
        Series out = new Series(size);
        Smoothing ema = new Smoothing(smoothing);
        for (int i = 0; i < size; i++) {
            out.add(x[i], ema.next(y[i]));
        }
        return out;
    }
}
