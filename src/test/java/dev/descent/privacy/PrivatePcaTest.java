package dev.descent.privacy;

import dev.descent.dataset.InputProjection;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The private PCA against exact PCA: a 2-D example by hand, and power iteration on AᵀA of unit rows formed in plain
 * Java; the noise's symmetry and spread; and what huge noise leaves of the principal directions.
 */
class PrivatePcaTest {

    @Test
    void withTinyNoiseATwoDimensionalExampleGivesTheDirectionsFoundByHand() {
        // rows (2, 2), (3, 3), (5, −5) scale to (1, 1)/√2 twice and (1, −1)/√2: AᵀA = [[1.5, 0.5], [0.5, 1.5]],
        // eigenvalue 2 along (1, 1)/√2 and 1 along (1, −1)/√2
        INDArray x = Nd4j.create(new double[][]{{2, 2}, {3, 3}, {5, -5}});
        InputProjection projection = PrivatePca.fit(x, 2, 1e-12, new SplittableRandom(1));
        double h = Math.sqrt(0.5);
        assertSameDirection(column(projection, 0), new double[]{h, h}, 1e-10);
        assertSameDirection(column(projection, 1), new double[]{h, -h}, 1e-10);
    }

    @Test
    void withTinyNoiseTheProjectionIsThePowerIterationsTopEigenvectors() {
        INDArray x = correlatedRows(400, 6, 5);
        double[][] covariance = unitRowCovariance(x);
        double[][] top = PowerIteration.topEigenvectors(covariance, 3);
        InputProjection projection = PrivatePca.fit(x, 3, 1e-9, new SplittableRandom(2));
        assertThat(projection.inputs()).isEqualTo(6);
        assertThat(projection.components()).isEqualTo(3);
        for (int c = 0; c < 3; c++) {
            assertSameDirection(column(projection, c), top[c], 1e-7);
        }
        // float32 rows give the same directions: the covariance is accumulated in float64 either way
        InputProjection fromFloats = PrivatePca.fit(x.castTo(DataType.FLOAT), 3, 1e-9, new SplittableRandom(2));
        for (int c = 0; c < 3; c++) {
            assertSameDirection(column(fromFloats, c), top[c], 1e-5);
        }
    }

    @Test
    void theNoiseIsSymmetricWithStandardDeviationSigmaOnAndAboveTheDiagonal() {
        int d = 40;
        INDArray x = correlatedRows(300, d, 7);
        double[][] exact = unitRowCovariance(x);
        double sigma = 2.5;
        double[][] noisy = PrivatePca.noisyCovariance(x, sigma, new SplittableRandom(11)).toDoubleMatrix();
        double sum = 0;
        double sumOfSquares = 0;
        int n = 0;
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double z = noisy[i][j] - exact[i][j];
                assertThat(noisy[j][i] - exact[j][i]).isCloseTo(z, within(1e-9));
                sum += z;
                sumOfSquares += z * z;
                n++;
            }
        }
        double mean = sum / n;
        double std = Math.sqrt(sumOfSquares / n - mean * mean);
        // 820 draws of N(0, σ²): the mean within 4 standard errors (4σ/√n ≈ 0.35), the spread within 10%
        assertThat(mean).isCloseTo(0, within(4 * sigma / Math.sqrt(n)));
        assertThat(std).isCloseTo(sigma, within(0.1 * sigma));
    }

    @Test
    void hugeNoiseDrownsThePrincipalDirectionsButTheColumnsStayOrthonormal() {
        int d = 50;
        INDArray x = correlatedRows(300, d, 9);
        double[] top = PowerIteration.topEigenvectors(unitRowCovariance(x), 1)[0];
        assertThat(Math.abs(PowerIteration.dot(column(PrivatePca.fit(x, 5, 1e-9, new SplittableRandom(4)), 0), top)))
                .isCloseTo(1, within(1e-9));
        // AᵀA of 300 unit rows has entries of at most 300; noise of σ = 10⁶ leaves a random symmetric matrix, whose
        // top eigenvector is a random unit vector: in 50 dimensions E|cos| with any fixed direction is √(2/(50π)) ≈ 0.11
        double cosines = 0;
        InputProjection drowned = null;
        for (long seed = 0; seed < 10; seed++) {
            drowned = PrivatePca.fit(x, 5, 1e6, new SplittableRandom(seed));
            cosines += Math.abs(PowerIteration.dot(column(drowned, 0), top));
        }
        assertThat(cosines / 10).isLessThan(0.3);
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                assertThat(PowerIteration.dot(column(drowned, a), column(drowned, b))).isCloseTo(a == b ? 1 : 0,
                        within(1e-9));
            }
        }
    }

    @Test
    void theSameNoiseStreamGivesTheSameProjection() {
        INDArray x = correlatedRows(100, 8, 3);
        InputProjection first = PrivatePca.fit(x, 4, 3.0, new SplittableRandom(5));
        assertThat(PrivatePca.fit(x, 4, 3.0, new SplittableRandom(5)).matrix()).isEqualTo(first.matrix());
        assertThat(PrivatePca.fit(x, 4, 3.0, new SplittableRandom(6)).matrix()).isNotEqualTo(first.matrix());
    }

    @Test
    void refusesMoreComponentsThanFeatures() {
        assertThatThrownBy(() -> PrivatePca.fit(correlatedRows(10, 3, 1), 4, 1.0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("components");
    }

    /** Rows z·B, z standard normal and B a fixed random matrix: correlated features of unequal spread. */
    private static INDArray correlatedRows(int rows, int features, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] mixing = new double[features][features];
        for (double[] row : mixing) {
            for (int c = 0; c < features; c++) {
                row[c] = rng.nextDouble() * 2 - 1;
            }
        }
        double[][] x = new double[rows][features];
        for (double[] row : x) {
            for (int k = 0; k < features; k++) {
                double z = rng.nextGaussian() * (k + 1);
                for (int c = 0; c < features; c++) {
                    row[c] += z * mixing[k][c];
                }
            }
        }
        return Nd4j.create(x);
    }

    /** Σ uuᵀ over the rows scaled to unit norm, in plain Java. */
    private static double[][] unitRowCovariance(INDArray x) {
        double[][] rows = x.toDoubleMatrix();
        int d = rows[0].length;
        double[][] covariance = new double[d][d];
        for (double[] row : rows) {
            double norm = Math.sqrt(PowerIteration.dot(row, row));
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    covariance[i][j] += row[i] / norm * row[j] / norm;
                }
            }
        }
        return covariance;
    }

    private static double[] column(InputProjection projection, int c) {
        double[] v = new double[projection.inputs()];
        for (int i = 0; i < v.length; i++) {
            v[i] = projection.matrix()[i * projection.components() + c];
        }
        return v;
    }

    /** Eigenvectors are found up to sign. */
    private static void assertSameDirection(double[] actual, double[] expected, double tolerance) {
        double sign = Math.signum(PowerIteration.dot(actual, expected));
        for (int i = 0; i < actual.length; i++) {
            assertThat(sign * actual[i]).isCloseTo(expected[i], within(tolerance));
        }
    }
}
