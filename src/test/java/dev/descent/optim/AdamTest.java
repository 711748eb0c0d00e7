package dev.descent.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Adam on f(θ) = ½‖θ‖² against a scalar transcription of torch.optim.Adam's update, in float64. */
class AdamTest {

    @Test
    void firstStepMovesEveryCoordinateByAlmostGamma() {
        // m̂1 = g, √v̂1 = |g|: x1 = x0 − γ·sign(g)·|g|/(|g| + ε)
        double[][] theta = QuadraticSteps.run(new AdamSpec(0.1, null, null, null, null).create(), 0.1, 1, 1, -2);
        assertThat(theta[0][0]).isCloseTo(1 - 0.1 / (1 + 1e-8), offset(1e-15));
        assertThat(theta[0][1]).isCloseTo(-2 + 0.1 * 2 / (2 + 1e-8), offset(1e-15));
    }

    @Test
    void matchesTheScalarRecurrenceOverManySteps() {
        double[][] theta = QuadraticSteps.run(new AdamSpec(0.05, 0.8, 0.99, 1e-6, 0.01).create(), 0.05, 50, 1.5, -0.3);
        double[] reference0 = scalarAdam(1.5, 0.05, 0.8, 0.99, 1e-6, 0.01, 50);
        double[] reference1 = scalarAdam(-0.3, 0.05, 0.8, 0.99, 1e-6, 0.01, 50);
        for (int t = 0; t < 50; t++) {
            assertThat(theta[t][0]).as("step %d", t + 1).isCloseTo(reference0[t], offset(1e-12));
            assertThat(theta[t][1]).as("step %d", t + 1).isCloseTo(reference1[t], offset(1e-12));
        }
    }

    /** torch.optim.Adam for one coordinate of ½x², coupled weight decay: g = x + λx. */
    private static double[] scalarAdam(double x, double gamma, double beta1, double beta2, double eps, double lambda,
                                       int steps) {
        double m = 0;
        double v = 0;
        double[] out = new double[steps];
        for (int t = 1; t <= steps; t++) {
            double g = x + lambda * x;
            m = beta1 * m + (1 - beta1) * g;
            v = beta2 * v + (1 - beta2) * g * g;
            double denominator = Math.sqrt(v) / Math.sqrt(1 - Math.pow(beta2, t)) + eps;
            x -= gamma / (1 - Math.pow(beta1, t)) * m / denominator;
            out[t - 1] = x;
        }
        return out;
    }
}
