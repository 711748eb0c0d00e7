package dev.descent.privacy;

import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.Pass;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Projected DP-SGD's subspace (Zhou, Wu, Banerjee 2021): the top-k eigenvectors of M = mean g_i g_iᵀ over public
 * examples, and the projection ĝ = V_k V_kᵀ g̃. M (d×d) is never formed: with G the m×d matrix of public gradients,
 * M's eigenvectors are G's right singular vectors, v_j = Gᵀu_j/√λ_j for the eigenpairs (λ_j, u_j) of the m×m Gram
 * matrix GGᵀ. For dense layers g_i·g_j = Σ_l (a_i·a_j)(δ_i·δ_j) + δ_i·δ_j, so GGᵀ and Gᵀu need no per-example
 * gradient either (the norm identity of {@link ClippingMethod#NORM_IDENTITY}, one step further).
 */
public final class GradientSubspace {

    /** Eigenvalues below this fraction of the largest span nothing the public gradients show. */
    private static final double RELATIVE_EIGENVALUE_FLOOR = 1e-12;

    /** Orthonormal basis vectors, each in the shape of the network's parameters. */
    private final List<List<INDArray>> basis;

    private GradientSubspace(List<List<INDArray>> basis) {
        this.basis = basis;
    }

    /** The top-{@code rank} subspace of the public examples' gradients at the network's current weights. */
    public static GradientSubspace of(Model network, Loss loss, INDArray publicX, INDArray publicY, int rank) {
        Model.Signals signals = network.signals(publicX, publicY, loss, null);
        int m = (int) publicX.rows();
        List<INDArray> deltas = new ArrayList<>();
        INDArray gram = Nd4j.zeros(DataType.DOUBLE, m, m);
        List<INDArray> inputs = new ArrayList<>();
        for (Pass.Signal signal : signals.layers()) {
            // in float64 whatever the model's precision; per-example gradients of the mean loss are m times its rows
            INDArray input = signal.input().castTo(DataType.DOUBLE);
            INDArray delta = signal.outputGradient().castTo(DataType.DOUBLE).mul(m);
            gram.addi(signal.layer().gram(input, delta));
            inputs.add(input);
            deltas.add(delta);
        }
        // LAPACK's symmetric solver: eigenvalues ascending, eigenvectors overwrite the matrix as columns
        INDArray vectors = gram.dup('f');
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(vectors, true);
        double largest = values.getDouble(m - 1);
        List<List<INDArray>> basis = new ArrayList<>();
        for (int j = m - 1; j >= 0 && basis.size() < rank; j--) {
            double lambda = values.getDouble(j);
            if (!(lambda > largest * RELATIVE_EIGENVALUE_FLOOR)) {
                break;
            }
            INDArray u = vectors.getColumn(j).reshape(m, 1);
            List<INDArray> v = new ArrayList<>();
            INDArray weights = u.div(Math.sqrt(lambda));
            for (int l = 0; l < deltas.size(); l++) {
                for (INDArray g : signals.layers().get(l).layer().gradients(inputs.get(l),
                        scaleExamples(deltas.get(l), weights))) {
                    v.add(g.castTo(network.dataType()));
                }
            }
            basis.add(v);
        }
        return new GradientSubspace(basis);
    }

    /** g with example i's values (along the first axis) multiplied by w_i. */
    static INDArray scaleExamples(INDArray g, INDArray w) {
        long rows = g.size(0);
        return g.reshape('c', rows, g.length() / rows).mulColumnVector(w.reshape(rows, 1)).reshape('c', g.shape());
    }

    /** The subspace's dimension: the rank asked for, or fewer when the public gradients span less. */
    public int dimension() {
        return basis.size();
    }

    /** Replaces g by V_k V_kᵀ g, in place. */
    public void project(List<INDArray> gradient) {
        double[] coefficients = new double[basis.size()];
        for (int j = 0; j < basis.size(); j++) {
            for (int p = 0; p < gradient.size(); p++) {
                coefficients[j] += basis.get(j).get(p).mul(gradient.get(p)).sumNumber().doubleValue();
            }
        }
        for (int p = 0; p < gradient.size(); p++) {
            INDArray projected = gradient.get(p).ulike().assign(0);
            for (int j = 0; j < basis.size(); j++) {
                projected.addi(basis.get(j).get(p).mul(coefficients[j]));
            }
            gradient.get(p).assign(projected);
        }
    }
}
