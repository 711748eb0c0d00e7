package dev.descent.privacy;

import java.util.SplittableRandom;

/** An independent reference for eigenvectors: power iteration with deflation, in plain Java float64. */
final class PowerIteration {

    private PowerIteration() {
    }

    /** The eigenvectors of the k largest eigenvalues of a symmetric positive semidefinite matrix, largest first. */
    static double[][] topEigenvectors(double[][] m, int k) {
        int d = m.length;
        double[][] a = new double[d][];
        for (int r = 0; r < d; r++) {
            a[r] = m[r].clone();
        }
        double[][] vectors = new double[k][];
        SplittableRandom rng = new SplittableRandom(3);
        for (int j = 0; j < k; j++) {
            double[] v = new double[d];
            for (int r = 0; r < d; r++) {
                v[r] = rng.nextDouble() - 0.5;
            }
            double lambda = 0;
            for (int iteration = 0; iteration < 20000; iteration++) {
                double[] next = new double[d];
                for (int r = 0; r < d; r++) {
                    for (int c = 0; c < d; c++) {
                        next[r] += a[r][c] * v[c];
                    }
                }
                lambda = Math.sqrt(dot(next, next));
                for (int r = 0; r < d; r++) {
                    v[r] = next[r] / lambda;
                }
            }
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    a[r][c] -= lambda * v[r] * v[c];
                }
            }
            vectors[j] = v;
        }
        return vectors;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
