package dev.descent.privacy;

/** No noise multiplier in the searched range brings ε down to the target. */
public class UnreachableEpsilonException extends RuntimeException {

    private final double targetEpsilon;
    private final double smallestEpsilon;

    public UnreachableEpsilonException(double targetEpsilon, double smallestEpsilon, double maxNoiseMultiplier,
                                       double delta) {
        super("epsilon " + targetEpsilon + " at delta " + delta + " cannot be reached: even noiseMultiplier "
                + maxNoiseMultiplier + " gives epsilon " + smallestEpsilon
                + "; allow a larger epsilon or delta, fewer steps or a smaller sample rate");
        this.targetEpsilon = targetEpsilon;
        this.smallestEpsilon = smallestEpsilon;
    }

    public double targetEpsilon() {
        return targetEpsilon;
    }

    /** ε at the largest noise multiplier searched. */
    public double smallestEpsilon() {
        return smallestEpsilon;
    }
}
