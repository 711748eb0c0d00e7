package dev.descent.privacy;

import dev.descent.dataset.InputProjection;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.SplittableRandom;

/**
 * Differentially private PCA of the training rows, as Abadi et al. (2016, "Deep Learning with Differential Privacy",
 * §4) use it to give DP-SGD fewer inputs: each row scaled to unit L2 norm (the rows of A), the uncentred covariance
 * AᵀA, symmetric Gaussian noise — N(0, σ²) drawn for every entry on and above the diagonal and mirrored below it
 * (Dwork, Talwar, Thakurta, Zhang 2014, "Analyze Gauss") — and the noisy matrix's top-k eigenvectors as the
 * projection's columns. Adding or removing a row x changes AᵀA by xxᵀ, ‖xxᵀ‖_F = ‖x‖² ≤ 1, and the entries on and
 * above the diagonal carry at most that norm: the release is the Gaussian mechanism with L2 sensitivity 1, of Rényi
 * DP α/(2σ²) at every order α (Mironov 2017, the Gaussian mechanism), spent once before DP-SGD's first step.
 */
public final class PrivatePca {

    /** AᵀA holds features² doubles: 4096 features make 128 MiB. */
    public static final int MAX_FEATURES = 4096;
    /** Rows are normalised and accumulated in float64 this many at a time, so no float64 copy of all rows is made. */
    private static final int CHUNK_ROWS = 4096;

    private PrivatePca() {
    }

    /**
     * The projection onto the top {@code components} eigenvectors of the noisy covariance of {@code x}'s rows.
     *
     * @param noiseMultiplier σ, the noise's standard deviation (the sensitivity is 1)
     * @param noise           where the noise comes from; the same stream gives the same projection
     */
    public static InputProjection fit(INDArray x, int components, double noiseMultiplier, SplittableRandom noise) {
        if (x.columns() > MAX_FEATURES) {
            throw new IllegalArgumentException("PCA of " + x.columns() + " features: at most " + MAX_FEATURES);
        }
        if (components < 1 || components > x.columns()) {
            throw new IllegalArgumentException("components must be in [1, " + x.columns() + "], was " + components);
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noiseMultiplier must be finite and > 0, was " + noiseMultiplier);
        }
        return topEigenvectors(noisyCovariance(x, noiseMultiplier, noise), components);
    }

    /** What the release spends: one Gaussian mechanism without subsampling (q = 1), RDP α/(2σ²) at every order. */
    public static RdpAccountant cost(double noiseMultiplier) {
        return RdpAccountant.poissonGaussian(1, noiseMultiplier, 1);
    }

    /** AᵀA of the rows scaled to unit norm (a zero row stays zero), plus symmetric N(0, σ²) noise; float64. */
    static INDArray noisyCovariance(INDArray x, double noiseMultiplier, SplittableRandom noise) {
        int d = (int) x.columns();
        INDArray covariance = Nd4j.zeros(DataType.DOUBLE, d, d);
        for (long start = 0; start < x.rows(); start += CHUNK_ROWS) {
            INDArray rows = x.get(NDArrayIndex.interval(start, Math.min(x.rows(), start + CHUNK_ROWS)),
                    NDArrayIndex.all()).castTo(DataType.DOUBLE);
            INDArray norms = Transforms.max(rows.norm2(1), Double.MIN_NORMAL, false).reshape(rows.rows(), 1);
            INDArray unit = rows.divColumnVector(norms);
            covariance.addi(Nd4j.gemm(unit, unit, true, false));
        }
        double[][] noisy = covariance.toDoubleMatrix();
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double z = noiseMultiplier * noise.nextGaussian();
                noisy[i][j] += z;
                if (j != i) {
                    noisy[j][i] += z;
                }
            }
        }
        return Nd4j.create(noisy);
    }

    /** The eigenvectors of a symmetric matrix's k largest eigenvalues, largest first, as a projection's columns. */
    static InputProjection topEigenvectors(INDArray symmetric, int k) {
        int d = (int) symmetric.rows();
        // LAPACK's symmetric solver: eigenvalues ascending, eigenvectors overwrite the matrix as columns
        INDArray vectors = symmetric.castTo(DataType.DOUBLE).dup('f');
        Eigen.symmetricGeneralizedEigenvalues(vectors, true);
        double[] matrix = new double[d * k];
        for (int i = 0; i < d; i++) {
            for (int c = 0; c < k; c++) {
                matrix[i * k + c] = vectors.getDouble(i, d - 1 - c);
            }
        }
        return new InputProjection(d, k, matrix);
    }
}
