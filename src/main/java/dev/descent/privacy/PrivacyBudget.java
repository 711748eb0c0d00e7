package dev.descent.privacy;

/**
 * The numbers a private run is planned with: q = B/N over the N private rows, σ (given, or calibrated so the
 * planned steps end at the target ε), and the most steps the target allows — all counting what the run spends
 * before its first step (a private PCA), since RDP composes by adding at each order.
 *
 * @param expectedBatchSize B, what the noisy sum is divided by
 * @param stepBudget        the most steps that keep ε within the target; unbounded unless both σ and a target are given
 * @param upFront           the RDP spent before the first step: the private PCA's, zero without one
 * @param perStep           the RDP of one step at (q, σ), computed once: ε after any number of steps scales it
 */
public record PrivacyBudget(double sampleRate, int expectedBatchSize, double noiseMultiplier, long plannedSteps,
                            long stepBudget, double delta, RdpCurve upFront, RdpCurve perStep) {

    /**
     * @throws UnreachableEpsilonException when no noise multiplier reaches the target ε
     */
    public static PrivacyBudget of(PrivacySpec spec, int privateRows, int batchSize, int epochs) {
        int batch = Math.min(batchSize, privateRows);
        double q = (double) batch / privateRows;
        long plannedSteps = (long) epochs * ((privateRows + batch - 1) / batch);
        RdpAccountant upFront = upFront(spec);
        double sigma = spec.noiseMultiplier() != null ? spec.noiseMultiplier()
                : NoiseCalibration.smallestNoiseMultiplier(upFront, q, plannedSteps, spec.delta(), spec.targetEpsilon())
                .noiseMultiplier();
        long budget = spec.targetEpsilon() == null || spec.noiseMultiplier() == null ? Long.MAX_VALUE
                : upFront.stepsWithin(q, sigma, spec.delta(), spec.targetEpsilon());
        return new PrivacyBudget(q, batch, sigma, plannedSteps, budget, spec.delta(), upFront.rdp(),
                RdpCurve.poissonGaussian(q, sigma));
    }

    /** What a run spends before its first step: its private PCA's cost, nothing without one. */
    public static RdpAccountant upFront(PrivacySpec spec) {
        return spec.pca() != null ? PrivatePca.cost(spec.pca().noiseMultiplier()) : RdpAccountant.empty();
    }

    /** What the run has spent after {@code steps} steps, by both conversions. */
    public PrivacySpent spent(long steps) {
        return upFront.plus(perStep, steps).spent(delta);
    }

    /** ε after {@code steps} steps, by the improved conversion. */
    public double epsilon(long steps) {
        return spent(steps).epsilon();
    }
}
