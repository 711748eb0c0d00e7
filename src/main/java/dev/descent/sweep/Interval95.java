package dev.descent.sweep;

import java.util.List;

/**
 * The mean of a few replicates and its 95% confidence interval, mean ± t(0.975, n − 1)·s/√n (Student's t, s the
 * sample standard deviation); one replicate has no interval.
 */
record Interval95(double mean, Double low, Double high) {

    /** t(0.975, ν) for ν = 1 … 30 (any table of Student's t, e.g. NIST/SEMATECH e-Handbook §1.3.6.7.2). */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
            2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
            2.056, 2.052, 2.048, 2.045, 2.042};
    private static final double Z975 = 1.959964;

    static Interval95 of(List<Double> values) {
        int n = values.size();
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        if (n < 2) {
            return new Interval95(mean, null, null);
        }
        double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        double half = t975(n - 1) * Math.sqrt(squares / (n - 1) / n);
        return new Interval95(mean, mean - half, mean + half);
    }

    /** Beyond the table, the Cornish–Fisher expansion of t in 1/ν (Abramowitz and Stegun 26.7.5), within 10⁻³. */
    static double t975(int df) {
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = Z975;
        double z3 = z * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96.0 * df * df);
    }
}
