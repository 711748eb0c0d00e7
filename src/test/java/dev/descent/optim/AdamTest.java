package dev.descent.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Adam on f(θ) = ½‖θ‖² against a scalar transcription of torch.optim.Adam's update, in float64. */
class AdamTest {

    @Test
    void firstStepMovesEveryCoordinateByAlmostGamma() {
        // m̂1 = g, √v̂1 = |g|: x1 = x0 − γ·sign(g)·|g|/(|g| + ε)
        double[][] theta = QuadraticSteps.run(new AdamSpec(0.1, null, null, null, null).create(QuadraticSteps.CONTEXT), 0.1, 1, 1, -2);
        assertThat(theta[0][0]).isCloseTo(1 - 0.1 / (1 + 1e-8), offset(1e-15));
        assertThat(theta[0][1]).isCloseTo(-2 + 0.1 * 2 / (2 + 1e-8), offset(1e-15));
    }

    @Test
    void matchesTheScalarRecurrenceOverManySteps() {
        double[][] theta = QuadraticSteps.run(new AdamSpec(0.05, 0.8, 0.99, 1e-6, 0.01).create(QuadraticSteps.CONTEXT), 0.05, 50, 1.5, -0.3);
        double[] reference0 = scalarAdam(1.5, 0.05, 0.8, 0.99, 1e-6, 0.01, 50);
        double[] reference1 = scalarAdam(-0.3, 0.05, 0.8, 0.99, 1e-6, 0.01, 50);
        for (int t = 0; t < 50; t++) {
            assertThat(theta[t][0]).as("step %d", t + 1).isCloseTo(reference0[t], offset(1e-12));
            assertThat(theta[t][1]).as("step %d", t + 1).isCloseTo(reference1[t], offset(1e-12));
        }
    }

    @Test
    void adamwDecaysTheWeightsBeforeTheAdamStep() {
        double[][] theta = QuadraticSteps.run(new AdamWSpec(0.05, 0.8, 0.99, 1e-6, 0.1).create(QuadraticSteps.CONTEXT),
                0.05, 50, 1.5, -0.3);
        double[] reference = scalar(1.5, 0.05, 0.8, 0.99, 1e-6, 0.1, true, false, 50);
        for (int t = 0; t < 50; t++) {
            assertThat(theta[t][0]).as("step %d", t + 1).isCloseTo(reference[t], offset(1e-12));
        }
    }

    @Test
    void amsgradDividesByTheRunningMaximumOfV() {
        // β2 small so that v falls as x shrinks and the maximum matters
        double[][] theta = QuadraticSteps.run(new AmsGradSpec(0.1, 0.5, 0.6, 1e-8, null).create(QuadraticSteps.CONTEXT),
                0.1, 40, 2.0);
        double[] reference = scalar(2.0, 0.1, 0.5, 0.6, 1e-8, 0, false, true, 40);
        double[] plainAdam = scalar(2.0, 0.1, 0.5, 0.6, 1e-8, 0, false, false, 40);
        for (int t = 0; t < 40; t++) {
            assertThat(theta[t][0]).as("step %d", t + 1).isCloseTo(reference[t], offset(1e-12));
        }
        assertThat(reference[39]).isNotCloseTo(plainAdam[39], offset(1e-6));
    }

    private static double[] scalarAdam(double x, double gamma, double beta1, double beta2, double eps, double lambda,
                                       int steps) {
        return scalar(x, gamma, beta1, beta2, eps, lambda, false, false, steps);
    }

    /**
     * torch.optim.Adam / AdamW for one coordinate of ½x²: g = x, plus λx when the decay is coupled; decoupled
     * decay scales x by 1 − γλ first; AMSGrad divides by the running maximum of v.
     */
    private static double[] scalar(double x, double gamma, double beta1, double beta2, double eps, double lambda,
                                   boolean decoupled, boolean amsgrad, int steps) {
        double m = 0;
        double v = 0;
        double vMax = 0;
        double[] out = new double[steps];
        for (int t = 1; t <= steps; t++) {
            double g = decoupled ? x : x + lambda * x;
            if (decoupled) {
                x *= 1 - gamma * lambda;
            }
            m = beta1 * m + (1 - beta1) * g;
            v = beta2 * v + (1 - beta2) * g * g;
            vMax = Math.max(vMax, v);
            double denominator = Math.sqrt(amsgrad ? vMax : v) / Math.sqrt(1 - Math.pow(beta2, t)) + eps;
            x -= gamma / (1 - Math.pow(beta1, t)) * m / denominator;
            out[t - 1] = x;
        }
        return out;
    }
}
