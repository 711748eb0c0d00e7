package dev.descent.privacy;

/**
 * The smallest noise multiplier σ for which DP-SGD stays within a target ε at δ, by bisection on σ (ε decreases
 * as σ grows), as TF Privacy's {@code compute_noise}.
 */
public final class NoiseCalibration {

    /** σ is searched in [MIN, MAX]; below MIN DP-SGD gives no meaningful privacy, above MAX no useful model. */
    public static final double MIN_NOISE_MULTIPLIER = 1e-3;
    public static final double MAX_NOISE_MULTIPLIER = 1e6;
    /**
     * The returned σ exceeds the exact smallest σ* by at most this fraction of σ: σ* ≤ σ ≤ σ*(1 + tolerance)
     * (assuming ε is monotone in σ).
     */
    public static final double RELATIVE_TOLERANCE = 1e-6;

    private NoiseCalibration() {
    }

    /** σ for a run of {@code steps} steps at sample rate q, from nothing spent, at the default orders. */
    public static CalibratedNoise smallestNoiseMultiplier(double sampleRate, long steps, double delta,
                                                          double targetEpsilon) {
        return smallestNoiseMultiplier(RdpAccountant.empty(), sampleRate, steps, delta, targetEpsilon);
    }

    /**
     * σ for {@code steps} more steps at sample rate q after what {@code spentSoFar} has spent, such that the total
     * stays within {@code targetEpsilon} at δ.
     *
     * @return a σ in [{@link #MIN_NOISE_MULTIPLIER}, {@link #MAX_NOISE_MULTIPLIER}] with ε(σ) ≤ target; when even
     * the minimum meets the target, the minimum
     * @throws UnreachableEpsilonException when ε at {@link #MAX_NOISE_MULTIPLIER} is still above the target
     */
    public static CalibratedNoise smallestNoiseMultiplier(RdpAccountant spentSoFar, double sampleRate, long steps,
                                                          double delta, double targetEpsilon) {
        SubsampledGaussianRdp.check(sampleRate, 1);
        PrivacySpent.checkDelta(delta);
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, was " + steps);
        }
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new IllegalArgumentException("targetEpsilon must be finite and > 0, was " + targetEpsilon);
        }
        // bracket: ε(low) > target ≥ ε(high)
        double low;
        double high = 1;
        PrivacySpent atHigh = spent(spentSoFar, sampleRate, high, steps, delta);
        if (atHigh.epsilon() <= targetEpsilon) {
            low = high / 2;
            PrivacySpent atLow = spent(spentSoFar, sampleRate, low, steps, delta);
            while (atLow.epsilon() <= targetEpsilon) {
                high = low;
                atHigh = atLow;
                if (high <= MIN_NOISE_MULTIPLIER) {
                    return new CalibratedNoise(high, atHigh);
                }
                low = Math.max(high / 2, MIN_NOISE_MULTIPLIER);
                atLow = spent(spentSoFar, sampleRate, low, steps, delta);
            }
        } else {
            do {
                if (high >= MAX_NOISE_MULTIPLIER) {
                    throw new UnreachableEpsilonException(targetEpsilon, atHigh.epsilon(), high, delta);
                }
                low = high;
                high = Math.min(high * 2, MAX_NOISE_MULTIPLIER);
                atHigh = spent(spentSoFar, sampleRate, high, steps, delta);
            } while (atHigh.epsilon() > targetEpsilon);
        }
        while (high - low > RELATIVE_TOLERANCE * low) {
            double mid = low + (high - low) / 2;
            PrivacySpent atMid = spent(spentSoFar, sampleRate, mid, steps, delta);
            if (atMid.epsilon() <= targetEpsilon) {
                high = mid;
                atHigh = atMid;
            } else {
                low = mid;
            }
        }
        return new CalibratedNoise(high, atHigh);
    }

    private static PrivacySpent spent(RdpAccountant spentSoFar, double sampleRate, double noiseMultiplier, long steps,
                                      double delta) {
        return spentSoFar.plus(sampleRate, noiseMultiplier, steps).spent(delta);
    }
}
