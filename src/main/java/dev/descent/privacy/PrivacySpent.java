package dev.descent.privacy;

/**
 * (ε, δ) reached by an RDP curve, by both conversions, each with the order that attains it.
 *
 * @param epsilon             the improved conversion (Balle et al. 2020, as TF Privacy's {@code compute_epsilon}):
 *                            min over α of rdp(α) − (ln δ + ln α)/(α − 1) + ln((α − 1)/α); the one to use
 * @param optimalOrder        the α attaining {@code epsilon}
 * @param classicEpsilon      the classic conversion (Mironov 2017, Proposition 3): min over α of
 *                            rdp(α) − ln δ/(α − 1); never smaller than {@code epsilon}
 * @param classicOptimalOrder the α attaining {@code classicEpsilon}
 */
public record PrivacySpent(double epsilon, double optimalOrder, double classicEpsilon, double classicOptimalOrder,
                           double delta) {

    /** ε at δ from RDP values {@code rdp[i]} at orders {@code orders[i]}. */
    static PrivacySpent of(double[] orders, double[] rdp, double delta) {
        checkDelta(delta);
        double best = Double.POSITIVE_INFINITY;
        double bestOrder = orders[0];
        double bestClassic = Double.POSITIVE_INFINITY;
        double bestClassicOrder = orders[0];
        double logDelta = Math.log(delta);
        for (int i = 0; i < orders.length; i++) {
            double alpha = orders[i];
            double r = rdp[i];
            double eps;
            if (delta * delta + Math.expm1(-r) >= 0) {
                // RDP bounds the KL divergence, and δ ≥ √(1 − e^{−KL}) already gives (0, δ)-DP (TF Privacy)
                eps = 0;
            } else if (alpha > 1.01) {
                eps = r + Math.log1p(-1 / alpha) - (logDelta + Math.log(alpha)) / (alpha - 1);
            } else {
                // the improved bound is numerically useless this close to α = 1 (TF Privacy skips it too)
                eps = Double.POSITIVE_INFINITY;
            }
            if (eps < best) {
                best = eps;
                bestOrder = alpha;
            }
            double classic = r - logDelta / (alpha - 1);
            if (classic < bestClassic) {
                bestClassic = classic;
                bestClassicOrder = alpha;
            }
        }
        return new PrivacySpent(Math.max(0, best), bestOrder, bestClassic, bestClassicOrder, delta);
    }

    static void checkDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
        }
    }
}
