package dev.descent.diagnostics;

import dev.descent.model.Initialization;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.optim.FlatParameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SuboptimalityTest {

    private static final SuboptimalitySpec DEFAULTS = new SuboptimalitySpec(null, null);

    /**
     * Ridge regression in closed form: F(θ) = (1/n)‖X̃θ − y‖² + (λ/2)‖θ‖², X̃ = [X, 1], so ∇F = 0 at
     * ((2/n)X̃ᵀX̃ + λI) θ* = (2/n)X̃ᵀy, solved here by Gaussian elimination.
     */
    @Test
    void findsRidgeRegressionsClosedFormOptimum() {
        int n = 50;
        int d = 4;
        double lambda = 0.05;
        INDArray x = Matrices.gaussian(n, d, 11);
        INDArray y = Matrices.gaussian(n, 1, 12);
        double[][] a = new double[d + 1][d + 2];
        for (int i = 0; i < n; i++) {
            double[] row = new double[d + 1];
            for (int j = 0; j < d; j++) {
                row[j] = x.getDouble(i, j);
            }
            row[d] = 1;
            for (int r = 0; r <= d; r++) {
                for (int c = 0; c <= d; c++) {
                    a[r][c] += 2.0 / n * row[r] * row[c];
                }
                a[r][d + 1] += 2.0 / n * row[r] * y.getDouble(i, 0);
            }
        }
        for (int r = 0; r <= d; r++) {
            a[r][r] += lambda;
        }
        double[] theta = solve(a);
        double residual = 0;
        double squared = 0;
        for (int i = 0; i < n; i++) {
            double prediction = theta[d];
            for (int j = 0; j < d; j++) {
                prediction += x.getDouble(i, j) * theta[j];
            }
            residual += Math.pow(prediction - y.getDouble(i, 0), 2) / n;
        }
        for (double t : theta) {
            squared += t * t;
        }
        double optimum = residual + lambda / 2 * squared;
        Model model = Model.create(new ModelSpec(List.of(), Initialization.XAVIER, Precision.FLOAT32),
                Shape.features(d), 1, 1);

        Suboptimality suboptimality = Suboptimality.of(model, new Loss.MeanSquaredError(), x.castTo(DataType.FLOAT),
                y.castTo(DataType.FLOAT), lambda, DEFAULTS);

        assertThat(suboptimality.optimum().gradientNorm()).isLessThanOrEqualTo(1e-10);
        // the rows the model trains on are float32: the closed form is taken on the same values
        assertThat(suboptimality.optimum().value()).isCloseTo(optimumOnFloats(x, y, lambda), within(1e-12));
        assertThat(optimum).isCloseTo(suboptimality.optimum().value(), within(1e-6));
        assertThat(suboptimality.of(model)).isPositive();
    }

    /** With a feature that is always 0 only the biases matter: F* is the entropy of the class frequencies. */
    @Test
    void findsSoftmaxRegressionsOptimumWhenOnlyTheBiasesMatter() {
        int[] counts = {5, 3, 2};
        int n = 10;
        INDArray x = Nd4j.zeros(DataType.DOUBLE, n, 1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 3);
        int row = 0;
        double entropy = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int i = 0; i < counts[c]; i++) {
                y.putScalar(row++, c, 1.0);
            }
            double p = (double) counts[c] / n;
            entropy -= p * Math.log(p);
        }
        Model model = Model.create(new ModelSpec(List.of(), Initialization.XAVIER, Precision.FLOAT64),
                Shape.features(1), 3, 2);
        double[] before = FlatParameters.flatten(model.parameters());

        Suboptimality suboptimality = Suboptimality.of(model, new Loss.CrossEntropy(), x, y, 0, DEFAULTS);

        assertThat(suboptimality.optimum().value()).isCloseTo(entropy, within(1e-14));
        assertThat(suboptimality.optimum().gradientNorm()).isLessThanOrEqualTo(1e-10);
        assertThat(FlatParameters.flatten(model.parameters())).containsExactly(before);
        assertThat(suboptimality.of(model)).isCloseTo(Math.log(3) - entropy, within(1e-12));
    }

    private static double optimumOnFloats(INDArray x, INDArray y, double lambda) {
        INDArray xf = x.castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
        INDArray yf = y.castTo(DataType.FLOAT).castTo(DataType.DOUBLE);
        int n = (int) x.rows();
        int d = (int) x.columns();
        double[][] a = new double[d + 1][d + 2];
        for (int i = 0; i < n; i++) {
            for (int r = 0; r <= d; r++) {
                double xr = r < d ? xf.getDouble(i, r) : 1;
                for (int c = 0; c <= d; c++) {
                    a[r][c] += 2.0 / n * xr * (c < d ? xf.getDouble(i, c) : 1);
                }
                a[r][d + 1] += 2.0 / n * xr * yf.getDouble(i, 0);
            }
        }
        for (int r = 0; r <= d; r++) {
            a[r][r] += lambda;
        }
        double[] theta = solve(a);
        double value = 0;
        for (int i = 0; i < n; i++) {
            double prediction = theta[d];
            for (int j = 0; j < d; j++) {
                prediction += xf.getDouble(i, j) * theta[j];
            }
            value += Math.pow(prediction - yf.getDouble(i, 0), 2) / n;
        }
        for (double t : theta) {
            value += lambda / 2 * t * t;
        }
        return value;
    }

    /** Solves the augmented system [A | b] by Gaussian elimination with partial pivoting. */
    private static double[] solve(double[][] augmented) {
        int n = augmented.length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(augmented[r][col]) > Math.abs(augmented[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = augmented[col];
            augmented[col] = augmented[pivot];
            augmented[pivot] = swap;
            for (int r = col + 1; r < n; r++) {
                double factor = augmented[r][col] / augmented[col][col];
                for (int c = col; c <= n; c++) {
                    augmented[r][c] -= factor * augmented[col][c];
                }
            }
        }
        double[] solution = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double sum = augmented[r][n];
            for (int c = r + 1; c < n; c++) {
                sum -= augmented[r][c] * solution[c];
            }
            solution[r] = sum / augmented[r][r];
        }
        return solution;
    }
}
