package dev.descent.optim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Trajectories on f(θ) = ½‖θ‖² derived by hand from torch.optim.SGD's update rule. */
class SgdTest {

    @Test
    void plainSgdShrinksByOneMinusGamma() {
        double[][] theta = QuadraticSteps.run(new SgdSpec(0.1, null, null, null, null).create(QuadraticSteps.CONTEXT), 0.1, 3, 1, -2);
        assertThat(theta[0]).containsExactly(new double[]{0.9, -1.8}, offset(1e-12));
        assertThat(theta[2]).containsExactly(new double[]{0.729, -1.458}, offset(1e-12));
    }

    @Test
    void heavyBallMomentumStartsTheBufferAtTheFirstGradient() {
        // b1 = g1; x1 = 1 − 0.1·1 = 0.9; b2 = 0.9·1 + 0.9 = 1.8, x2 = 0.72; b3 = 0.9·1.8 + 0.72 = 2.34, x3 = 0.486
        double[][] theta = QuadraticSteps.run(new SgdSpec(0.1, 0.9, null, null, null).create(QuadraticSteps.CONTEXT), 0.1, 3, 1, -2);
        assertThat(theta[0]).containsExactly(new double[]{0.9, -1.8}, offset(1e-12));
        assertThat(theta[1]).containsExactly(new double[]{0.72, -1.44}, offset(1e-12));
        assertThat(theta[2]).containsExactly(new double[]{0.486, -0.972}, offset(1e-12));
    }

    @Test
    void nesterovStepsAlongGradientPlusMomentumTimesBuffer() {
        // x1 = 1 − 0.1·(1 + 0.9·1) = 0.81; b2 = 1.71, x2 = 0.81 − 0.1·(0.81 + 0.9·1.71) = 0.5751;
        // b3 = 0.9·1.71 + 0.5751 = 2.1141, x3 = 0.5751 − 0.1·(0.5751 + 0.9·2.1141) = 0.327321
        double[][] theta = QuadraticSteps.run(new SgdSpec(0.1, 0.9, null, null, true).create(QuadraticSteps.CONTEXT), 0.1, 3, 1);
        assertThat(theta[0][0]).isCloseTo(0.81, offset(1e-12));
        assertThat(theta[1][0]).isCloseTo(0.5751, offset(1e-12));
        assertThat(theta[2][0]).isCloseTo(0.327321, offset(1e-12));
    }

    @Test
    void weightDecayAndDampening() {
        // g1 = 1 + 0.1 = 1.1, b1 = 1.1, x1 = 0.89; g2 = 0.979, b2 = 0.9·1.1 + 0.5·0.979 = 1.4795, x2 = 0.74205
        double[][] theta = QuadraticSteps.run(new SgdSpec(0.1, 0.9, 0.5, 0.1, null).create(QuadraticSteps.CONTEXT), 0.1, 2, 1);
        assertThat(theta[0][0]).isCloseTo(0.89, offset(1e-12));
        assertThat(theta[1][0]).isCloseTo(0.74205, offset(1e-12));
    }

    @Test
    void nesterovWithoutMomentumIsInconsistent() {
        assertThat(new SgdSpec(0.1, 0.0, null, null, true).isNesterovConsistent()).isFalse();
        assertThat(new SgdSpec(0.1, 0.9, 0.1, null, true).isNesterovConsistent()).isFalse();
        assertThat(new SgdSpec(0.1, 0.9, null, null, true).isNesterovConsistent()).isTrue();
    }
}
