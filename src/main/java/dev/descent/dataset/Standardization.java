package dev.descent.dataset;

import java.util.List;

/**
 * The scaling fitted on a training split: x' = (x − mean)/std per feature, and for regression y' = (y − mean)/std.
 * The identity (means 0, stds 1) when standardisation is off. Applied again to rows a trained model predicts on.
 */
public record Standardization(List<Double> featureMean, List<Double> featureStd, double targetMean, double targetStd) {

    public Standardization {
        featureMean = List.copyOf(featureMean);
        featureStd = List.copyOf(featureStd);
    }

    /** Scales raw feature rows (row-major) into what the network saw while training. */
    public double[] scaleFeatures(double[] rows) {
        int d = featureMean.size();
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = (rows[i] - featureMean.get(i % d)) / featureStd.get(i % d);
        }
        return out;
    }

    /** A standardised regression output back in the target's units. */
    public double unscaleTarget(double value) {
        return value * targetStd + targetMean;
    }
}
