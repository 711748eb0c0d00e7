package dev.descent.diagnostics;

import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.DenseSpec;
import dev.descent.optim.FlatParameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SharpnessTest {

    private static final Loss CROSS_ENTROPY = new Loss.CrossEntropy();

    /**
     * Softmax regression's Hessian in closed form: with x̃_i = [x_i, 1] and p_i = softmax(x̃_i·[W; b]),
     * H[(j,k),(j',k')] = (1/n) Σ_i x̃_ij x̃_ij' (δ_kk' p_ik − p_ik p_ik'), parameters ordered W row-major, then b.
     */
    @Test
    void equalsTheTopEigenvalueOfSoftmaxRegressionsClosedFormHessian() {
        int n = 40;
        int d = 3;
        int k = 3;
        INDArray x = Matrices.gaussian(n, d, 1);
        INDArray y = Matrices.oneHot(n, k, 2);
        Model model = Model.create(new ModelSpec(List.of(), Initialization.XAVIER, Precision.FLOAT64),
                Shape.features(d), k, 3);
        INDArray p = org.nd4j.linalg.ops.transforms.Transforms.softmax(model.predict(x), true);
        int size = (d + 1) * k;
        double[][] hessian = new double[size][size];
        for (int i = 0; i < n; i++) {
            double[] xt = new double[d + 1];
            for (int j = 0; j < d; j++) {
                xt[j] = x.getDouble(i, j);
            }
            xt[d] = 1;
            for (int j = 0; j <= d; j++) {
                for (int jj = 0; jj <= d; jj++) {
                    for (int c = 0; c < k; c++) {
                        for (int cc = 0; cc < k; cc++) {
                            double pc = p.getDouble(i, c);
                            double curvature = (c == cc ? pc : 0) - pc * p.getDouble(i, cc);
                            hessian[j * k + c][jj * k + cc] += xt[j] * xt[jj] * curvature / n;
                        }
                    }
                }
            }
        }
        double expected = Matrices.largestMagnitude(Matrices.symmetricEigenvalues(hessian));
        double[] before = FlatParameters.flatten(model.parameters());

        Sharpness.Estimate estimate = new Sharpness(1000, 1e-12, 7).measure(model, CROSS_ENTROPY, x, y);

        assertThat(estimate.value()).isCloseTo(expected, within(1e-6 * expected));
        assertThat(FlatParameters.flatten(model.parameters())).containsExactly(before);
    }

    @Test
    void equalsTheTopEigenvalueOfASmallMlpsHessianFromFiniteDifferences() {
        INDArray x = Matrices.gaussian(30, 4, 4);
        INDArray y = Matrices.oneHot(30, 2, 5);
        Model model = Model.create(new ModelSpec(List.of(new DenseSpec(3, Activation.TANH, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64), Shape.features(4), 2, 6);
        double expected = Matrices.largestMagnitude(Matrices.symmetricEigenvalues(
                Matrices.finiteDifferenceHessian(model, CROSS_ENTROPY, x, y, 1e-5)));

        Sharpness.Estimate estimate = new Sharpness(2000, 1e-13, 8).measure(model, CROSS_ENTROPY, x, y);

        assertThat(estimate.value()).isCloseTo(expected, within(1e-6 * Math.abs(expected)));
    }

    @Test
    void aWarmStartFindsTheSameValueInFewerProducts() {
        INDArray x = Matrices.gaussian(30, 4, 4);
        INDArray y = Matrices.oneHot(30, 2, 5);
        Model model = Model.create(new ModelSpec(List.of(new DenseSpec(3, Activation.TANH, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64), Shape.features(4), 2, 6);
        Sharpness sharpness = new Sharpness(2000, 1e-6, 8);
        Sharpness.Estimate cold = sharpness.measure(model, CROSS_ENTROPY, x, y);
        Sharpness.Estimate warm = sharpness.measure(model, CROSS_ENTROPY, x, y);
        assertThat(warm.value()).isCloseTo(cold.value(), within(1e-4 * cold.value()));
        assertThat(warm.iterations()).isLessThan(cold.iterations());
    }
}
