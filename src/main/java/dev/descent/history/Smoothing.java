package dev.descent.history;

/**
 * Exponential moving average with weight {@code smoothing} on the past, debiased as TensorBoard's scalar smoothing
 * is (divided by 1 − s^t), so the start of the curve is not pulled towards zero. Fed one value at a time, so a curve
 * read from the database is smoothed without being held.
 */
final class Smoothing {

    private final double smoothing;
    private double last;
    private double weight = 1;

    Smoothing(double smoothing) {
        this.smoothing = smoothing;
    }

    double next(double value) {
        if (smoothing <= 0) {
            return value;
        }
        last = last * smoothing + (1 - smoothing) * value;
        weight *= smoothing;
        return last / (1 - weight);
    }
}
