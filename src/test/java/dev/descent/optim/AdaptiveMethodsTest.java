package dev.descent.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/**
 * AdaGrad, AdaGrad-Norm, RMSProp and Adadelta on f(θ) = ½‖θ‖² against scalar transcriptions of the update rules
 * in docs/algorithms.md (torch.optim's conventions), in float64.
 */
class AdaptiveMethodsTest {

    private static void assertTrajectory(double[][] theta, double[] reference) {
        for (int t = 0; t < reference.length; t++) {
            assertThat(theta[t][0]).as("step %d", t + 1).isCloseTo(reference[t], offset(1e-12));
        }
    }

    @Test
    void adagradFirstStepsByHand() {
        // s1 = 1, x1 = 1 − 0.1/(1 + 1e-10); s2 = 1 + x1², x2 = x1 − 0.1·x1/(√s2 + 1e-10)
        double[][] theta = QuadraticSteps.run(new AdagradSpec(0.1, null, null, null).create(QuadraticSteps.CONTEXT),
                0.1, 2, 1);
        double x1 = 1 - 0.1 / (1 + 1e-10);
        assertThat(theta[0][0]).isCloseTo(x1, offset(1e-15));
        assertThat(theta[1][0]).isCloseTo(x1 - 0.1 * x1 / (Math.sqrt(1 + x1 * x1) + 1e-10), offset(1e-15));
    }

    @Test
    void adagradWithDecayAndInitialAccumulator() {
        double[] reference = new double[30];
        double x = 2;
        double s = 0.5;
        for (int t = 1; t <= 30; t++) {
            double gamma = 0.3 / (1 + (t - 1) * 0.1);
            s += x * x;
            x -= gamma * x / (Math.sqrt(s) + 1e-10);
            reference[t - 1] = x;
        }
        assertTrajectory(QuadraticSteps.run(new AdagradSpec(0.3, 0.1, 0.5, null).create(QuadraticSteps.CONTEXT), 0.3,
                30, 2), reference);
    }

    @Test
    void adagradNormUsesOneStepSizeForAllCoordinates() {
        // ‖g‖ = ‖(3, 4)‖ = 5: b² = 0.01² + 25, θ1 = θ0 (1 − 1/b)
        double[][] theta = QuadraticSteps.run(new AdagradNormSpec(1.0, 0.01).create(QuadraticSteps.CONTEXT), 1.0, 1, 3, 4);
        double factor = 1 - 1 / Math.sqrt(1e-4 + 25);
        assertThat(theta[0]).containsExactly(new double[]{3 * factor, 4 * factor}, offset(1e-15));
    }

    @Test
    void rmspropPlainCenteredAndWithMomentum() {
        for (boolean centered : new boolean[]{false, true}) {
            for (double mu : new double[]{0, 0.9}) {
                double[] reference = new double[25];
                double x = 1.5;
                double v = 0;
                double a = 0;
                double b = 0;
                for (int t = 0; t < 25; t++) {
                    double g = x;
                    v = 0.9 * v + 0.1 * g * g;
                    double variance = v;
                    if (centered) {
                        a = 0.9 * a + 0.1 * g;
                        variance = v - a * a;
                    }
                    double scaled = g / (Math.sqrt(variance) + 1e-8);
                    if (mu > 0) {
                        b = mu * b + scaled;
                        x -= 0.01 * b;
                    } else {
                        x -= 0.01 * scaled;
                    }
                    reference[t] = x;
                }
                assertTrajectory(QuadraticSteps.run(new RmsPropSpec(0.01, 0.9, 1e-8, mu, centered)
                        .create(QuadraticSteps.CONTEXT), 0.01, 25, 1.5), reference);
            }
        }
    }

    @Test
    void adadeltaScalesByTheRatioOfRunningRms() {
        double[] reference = new double[25];
        double x = 1.5;
        double v = 0;
        double u = 0;
        for (int t = 0; t < 25; t++) {
            double g = x;
            v = 0.9 * v + 0.1 * g * g;
            double delta = Math.sqrt(u + 1e-6) / Math.sqrt(v + 1e-6) * g;
            u = 0.9 * u + 0.1 * delta * delta;
            x -= 1.0 * delta;
            reference[t] = x;
        }
        assertTrajectory(QuadraticSteps.run(new AdadeltaSpec(1.0, 0.9, 1e-6).create(QuadraticSteps.CONTEXT), 1.0, 25,
                1.5), reference);
    }
}
