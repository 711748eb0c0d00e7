package dev.descent.dataset;

import dev.descent.math.Gaussian;

import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic datasets: the same options give the same rows. */
final class SyntheticGenerators {

    private SyntheticGenerators() {
    }

    /** Two interleaved spirals (Lang & Witbrock 1988), half the rows each, turning 1.5 times around the origin. */
    static Dataset twoSpirals(String id, GeneratorOptions o) {
        int rows = o.rowsOr(1000);
        double noise = o.noiseOr(0.2);
        SplittableRandom rng = new SplittableRandom(o.seedOr(0));
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            int label = i % 2;
            double t = Math.sqrt(rng.nextDouble()) * 3 * Math.PI;
            double sign = label == 0 ? 1 : -1;
            x[2 * i] = (float) (sign * -Math.cos(t) * t + noise * Gaussian.sample(rng));
            x[2 * i + 1] = (float) (sign * Math.sin(t) * t + noise * Gaussian.sample(rng));
            y[i] = label;
        }
        return new Dataset(id, Task.CLASSIFICATION, rows, 2, x, y, List.of("x", "y"), List.of("0", "1"));
    }

    /** Two interleaving half circles, as scikit-learn's make_moons. */
    static Dataset moons(String id, GeneratorOptions o) {
        int rows = o.rowsOr(1000);
        double noise = o.noiseOr(0.1);
        SplittableRandom rng = new SplittableRandom(o.seedOr(0));
        float[] x = new float[rows * 2];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            int label = i % 2;
            double t = Math.PI * rng.nextDouble();
            double px = label == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double py = label == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x[2 * i] = (float) (px + noise * Gaussian.sample(rng));
            x[2 * i + 1] = (float) (py + noise * Gaussian.sample(rng));
            y[i] = label;
        }
        return new Dataset(id, Task.CLASSIFICATION, rows, 2, x, y, List.of("x", "y"), List.of("0", "1"));
    }

    /** k isotropic Gaussian blobs with centres uniform in [-10, 10]^d; noise is the blob standard deviation. */
    static Dataset blobs(String id, GeneratorOptions o) {
        int rows = o.rowsOr(1000);
        int classes = o.classesOr(3);
        int features = o.featuresOr(2);
        double std = o.noiseOr(1.0);
        SplittableRandom rng = new SplittableRandom(o.seedOr(0));
        double[] centres = new double[classes * features];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = -10 + 20 * rng.nextDouble();
        }
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            int label = i % classes;
            for (int f = 0; f < features; f++) {
                x[i * features + f] = (float) (centres[label * features + f] + std * Gaussian.sample(rng));
            }
            y[i] = label;
        }
        List<String> classNames = java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        return new Dataset(id, Task.CLASSIFICATION, rows, features, x, y, Dataset.numberedFeatures(features), classNames);
    }

    /** y = x·w + b + noise·ε with x, w ~ N(0, 1) and b ~ U(-1, 1). */
    static Dataset linearRegression(String id, GeneratorOptions o) {
        int rows = o.rowsOr(1000);
        int features = o.featuresOr(5);
        double noise = o.noiseOr(0.1);
        SplittableRandom rng = new SplittableRandom(o.seedOr(0));
        double[] w = new double[features];
        for (int f = 0; f < features; f++) {
            w[f] = Gaussian.sample(rng);
        }
        double b = -1 + 2 * rng.nextDouble();
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            double target = b;
            for (int f = 0; f < features; f++) {
                double v = Gaussian.sample(rng);
                x[i * features + f] = (float) v;
                target += v * w[f];
            }
            y[i] = (float) (target + noise * Gaussian.sample(rng));
        }
        return new Dataset(id, Task.REGRESSION, rows, features, x, y, Dataset.numberedFeatures(features), List.of());
    }
}
