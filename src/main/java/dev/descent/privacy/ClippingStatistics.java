package dev.descent.privacy;

/** What clipping did to one DP-SGD step's batch: its examples, how many were clipped, their mean norm before. */
public record ClippingStatistics(int examples, int clipped, double meanNorm) {

    public static final ClippingStatistics EMPTY = new ClippingStatistics(0, 0, 0);

    /** The fraction of the batch's examples that were clipped; 0 for an empty batch. */
    public double clippedFraction() {
        return examples > 0 ? (double) clipped / examples : 0;
    }
}
