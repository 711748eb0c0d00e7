package dev.descent.dataset;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/** Splits a dataset into train and validation rows, standardises with training statistics, encodes labels. */
public final class DataPreparation {

    private DataPreparation() {
    }

    public static PreparedData prepare(Dataset data, double validationSplit, long splitSeed, boolean standardize,
                                       DataType dtype) {
        int[] order = permutation(data.rows(), splitSeed);
        int valRows = (int) Math.round(data.rows() * validationSplit);
        int trainRows = data.rows() - valRows;
        if (trainRows < 1) {
            throw new IllegalArgumentException("validationSplit " + validationSplit + " leaves no training rows");
        }
        int[] train = java.util.Arrays.copyOfRange(order, 0, trainRows);
        int[] val = java.util.Arrays.copyOfRange(order, trainRows, order.length);

        int d = data.features();
        double[] mean = new double[d];
        double[] std = new double[d];
        java.util.Arrays.fill(std, 1);
        if (standardize) {
            columnStatistics(data.x(), d, train, mean, std);
        }
        double targetMean = 0;
        double targetStd = 1;
        if (standardize && data.task() == Task.REGRESSION) {
            double[] m = new double[1];
            double[] s = {1};
            columnStatistics(data.y(), 1, train, m, s);
            targetMean = m[0];
            targetStd = s[0];
        }
        INDArray trainX = features(data, train, mean, std, dtype);
        INDArray trainY = targets(data, train, targetMean, targetStd, dtype);
        INDArray valX = valRows > 0 ? features(data, val, mean, std, dtype) : null;
        INDArray valY = valRows > 0 ? targets(data, val, targetMean, targetStd, dtype) : null;
        return new PreparedData(data.task(), data.classNames(), trainX, trainY, valX, valY, new Standardization(
                java.util.Arrays.stream(mean).boxed().toList(), java.util.Arrays.stream(std).boxed().toList(),
                targetMean, targetStd));
    }

    /** Fisher–Yates with a seeded stream; seed-for-seed the same order on every machine. */
    public static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Mean and population standard deviation of each column over the given rows; a constant column keeps std 1. */
    private static void columnStatistics(float[] values, int columns, int[] rows, double[] mean, double[] std) {
        for (int r : rows) {
            for (int c = 0; c < columns; c++) {
                mean[c] += values[r * columns + c];
            }
        }
        for (int c = 0; c < columns; c++) {
            mean[c] /= rows.length;
        }
        double[] var = new double[columns];
        for (int r : rows) {
            for (int c = 0; c < columns; c++) {
                double dv = values[r * columns + c] - mean[c];
                var[c] += dv * dv;
            }
        }
        for (int c = 0; c < columns; c++) {
            double s = Math.sqrt(var[c] / rows.length);
            std[c] = s > 1e-12 ? s : 1;
        }
    }

    /**
     * Written row by row into the array's own off-heap buffer: building a Java array first and copying it doubled
     * the peak memory of a job on MNIST (188 MB more in float32).
     */
    private static INDArray features(Dataset data, int[] rows, double[] mean, double[] std, DataType dtype) {
        int d = data.features();
        INDArray features = Nd4j.createUninitialized(dtype, new long[]{rows.length, d}, 'c');
        if (dtype == DataType.DOUBLE) {
            DoubleBuffer out = features.data().asNioDouble();
            double[] row = new double[d];
            for (int r : rows) {
                for (int c = 0; c < d; c++) {
                    row[c] = (data.x()[r * d + c] - mean[c]) / std[c];
                }
                out.put(row);
            }
        } else {
            FloatBuffer out = features.data().asNioFloat();
            float[] row = new float[d];
            for (int r : rows) {
                for (int c = 0; c < d; c++) {
                    row[c] = (float) ((data.x()[r * d + c] - mean[c]) / std[c]);
                }
                out.put(row);
            }
        }
        return features;
    }

    private static INDArray targets(Dataset data, int[] rows, double mean, double std, DataType dtype) {
        if (data.task() == Task.REGRESSION) {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = (data.y()[rows[i]] - mean) / std;
            }
            return Nd4j.create(out, new long[]{rows.length, 1}, DataType.DOUBLE).castTo(dtype);
        }
        int k = data.classes();
        double[] oneHot = new double[rows.length * k];
        for (int i = 0; i < rows.length; i++) {
            oneHot[i * k + (int) data.y()[rows[i]]] = 1;
        }
        return Nd4j.create(oneHot, new long[]{rows.length, k}, DataType.DOUBLE).castTo(dtype);
    }
}
