package dev.descent.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * SVRG and SSVR on the finite sum f(θ) = mean_i ½(θ − a_i)², one example per batch, visited in a fixed order:
 * ∇f_i(θ) = θ − a_i and the full gradient is θ − ā.
 */
class VarianceReductionTest {

    private static final double[] A = {1, 2, 3, 6};
    private static final double MEAN = 3;

    /** The oracle of the example currently sampled; {@code sampled[0]} says which. */
    private static GradientOracle oracle(INDArray theta, int[] sampled) {
        return new GradientOracle() {
            @Override
            public LossAndGradients evaluate() {
                return new LossAndGradients(0, List.of(theta.sub(A[sampled[0]])));
            }

            @Override
            public LossAndGradients evaluateFullData() {
                return new LossAndGradients(0, List.of(theta.sub(MEAN)));
            }
        };
    }

    private static double[] run(Optimizer optimizer, double gamma, int steps) {
        INDArray theta = Nd4j.zeros(DataType.DOUBLE, 1);
        int[] sampled = {0};
        GradientOracle oracle = oracle(theta, sampled);
        double[] trajectory = new double[steps];
        for (int t = 0; t < steps; t++) {
            sampled[0] = (t * 3 + 1) % A.length;
            optimizer.step(List.of(theta), List.of(theta.sub(A[sampled[0]])), gamma, oracle);
            trajectory[t] = theta.getDouble(0);
        }
        return trajectory;
    }

    @Test
    void svrgCancelsTheSamplingNoiseExactlyOnThisProblem() {
        // v = (θ − a_i) − (w̃ − a_i) + (w̃ − ā) = θ − ā: gradient descent on the mean, whatever is sampled
        for (Boolean loopless : new Boolean[]{false, true}) {
            double[] theta = run(new SvrgSpec(0.5, 3L, loopless, 0.3).create(QuadraticSteps.CONTEXT), 0.5, 8);
            double expected = 0;
            for (int t = 0; t < 8; t++) {
                expected -= 0.5 * (expected - MEAN);
                assertThat(theta[t]).as("step %d", t + 1).isCloseTo(expected, offset(1e-12));
            }
        }
    }

    @Test
    void ssvrFollowsTheStormEstimatorsSign() {
        double beta = 0.3;
        double gamma = 0.1;
        double[] theta = run(new SsvrSpec(gamma, beta).create(QuadraticSteps.CONTEXT), gamma, 12);
        double x = 0;
        double previousX = 0;
        double v = 0;
        for (int t = 0; t < 12; t++) {
            double a = A[(t * 3 + 1) % A.length];
            v = t == 0 ? x - a : (x - a) + (1 - beta) * (v - (previousX - a));
            previousX = x;
            x -= gamma * Math.signum(v);
            assertThat(theta[t]).as("step %d", t + 1).isCloseTo(x, offset(1e-12));
        }
    }
}
