package dev.descent.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** L-BFGS on an ill-conditioned quadratic f(θ) = ½ Σ a_i θ_i², whose minimum is θ = 0. */
class LbfgsTest {

    private static final double[] CURVATURE = {1, 10, 100};

    private static GradientOracle quadratic(INDArray theta, int[] evaluations) {
        return () -> {
            evaluations[0]++;
            INDArray a = Nd4j.create(CURVATURE, new long[]{3}, DataType.DOUBLE);
            INDArray gradient = theta.mul(a);
            return new GradientOracle.LossAndGradients(gradient.mul(theta).sumNumber().doubleValue() / 2, List.of(gradient));
        };
    }

    private static double[] minimise(LbfgsSpec spec, int steps, int[] evaluations) {
        INDArray theta = Nd4j.create(new double[]{1, 1, 1}, new long[]{3}, DataType.DOUBLE);
        Optimizer lbfgs = spec.create(QuadraticSteps.CONTEXT);
        GradientOracle oracle = quadratic(theta, evaluations);
        for (int s = 0; s < steps; s++) {
            lbfgs.step(List.of(theta), oracle.evaluate().gradients(), spec.learningRate(), oracle);
        }
        return theta.toDoubleVector();
    }

    @Test
    void strongWolfeReachesTheMinimumInOneStep() {
        int[] evaluations = {0};
        double[] theta = minimise(new LbfgsSpec(null, null, null, null, null, true), 1, evaluations);
        assertThat(theta).containsExactly(new double[]{0, 0, 0}, offset(1e-6));
        assertThat(evaluations[0]).isLessThanOrEqualTo(1 + 1 + 25 + 20); // within PyTorch's max_eval budget
    }

    @Test
    void withoutLineSearchTheFirstStepIsScaledByTheGradientsL1Norm() {
        // one iteration: θ1 = θ0 − min(1, 1/‖g‖₁)·g with g = (1, 10, 100), ‖g‖₁ = 111
        int[] evaluations = {0};
        double[] theta = minimise(new LbfgsSpec(1.0, null, 1, null, null, false), 1, evaluations);
        assertThat(theta).containsExactly(new double[]{1 - 1 / 111.0, 1 - 10 / 111.0, 1 - 100 / 111.0}, offset(1e-15));
    }

    @Test
    void withoutLineSearchItStillConvergesOverSteps() {
        int[] evaluations = {0};
        double[] theta = minimise(new LbfgsSpec(null, null, null, null, null, false), 5, evaluations);
        assertThat(theta).containsExactly(new double[]{0, 0, 0}, offset(1e-6));
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // f(x) = (x − 1)² on [0, 3]: f(0) = 1, f'(0) = −2, f(3) = 4, f'(3) = 4 → minimiser 1
        assertThat(StrongWolfe.cubicInterpolate(0, 1, -2, 3, 4, 4, 0, 3)).isCloseTo(1, offset(1e-12));
    }
}
