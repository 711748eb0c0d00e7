package dev.descent.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** signSGD, Signum, SGLD and SAM/ASAM, hand-derived on f(θ) = ½‖θ‖² (gradient θ) in float64. */
class SignAndNoiseMethodsTest {

    @Test
    void signSgdMovesEachCoordinateByGammaAndLeavesZerosAlone() {
        double[][] theta = QuadraticSteps.run(new SignSgdSpec(0.1).create(QuadraticSteps.CONTEXT), 0.1, 2, 1, -2, 0);
        assertThat(theta[0]).containsExactly(new double[]{0.9, -1.9, 0}, offset(1e-15));
        assertThat(theta[1]).containsExactly(new double[]{0.8, -1.8, 0}, offset(1e-15));
    }

    @Test
    void signumFollowsTheSignOfTheMomentum() {
        // m1 = 0.1·(1) → x1 = 0.9; the momentum keeps its sign while x stays positive
        double[][] theta = QuadraticSteps.run(new SignumSpec(0.1, 0.9).create(QuadraticSteps.CONTEXT), 0.1, 3, 1);
        assertThat(theta[0][0]).isCloseTo(0.9, offset(1e-15));
        assertThat(theta[2][0]).isCloseTo(0.7, offset(1e-15));
        // overshooting: x0 = 0.05, m1 = 0.005 > 0, x1 = −0.05; m2 = 0.9·0.005 + 0.1·(−0.05) = −0.0005 < 0, x2 = 0.05
        double[][] past = QuadraticSteps.run(new SignumSpec(0.1, 0.9).create(QuadraticSteps.CONTEXT), 0.1, 3, 0.05);
        assertThat(past[0][0]).isCloseTo(-0.05, offset(1e-15));
        assertThat(past[1][0]).isCloseTo(0.05, offset(1e-15));
        // m3 = 0.9·(−0.0005) + 0.1·0.05 = 0.00455 > 0, x3 = −0.05
        assertThat(past[2][0]).isCloseTo(-0.05, offset(1e-15));
    }

    @Test
    void sgldAtZeroTemperatureIsGradientDescentOnNTimesTheLoss() {
        // N = 100 rows (QuadraticSteps.CONTEXT), prior precision 2: x ← x − γ(N x + 2x)
        double[][] theta = QuadraticSteps.run(new SgldSpec(1e-3, 0.0, 2.0).create(QuadraticSteps.CONTEXT), 1e-3, 2, 1);
        assertThat(theta[0][0]).isCloseTo(1 - 1e-3 * 102, offset(1e-15));
        assertThat(theta[1][0]).isCloseTo(Math.pow(1 - 1e-3 * 102, 2), offset(1e-15));
    }

    @Test
    void sgldNoiseHasStandardDeviationRootTwoGammaT() {
        INDArray theta = Nd4j.zeros(DataType.DOUBLE, 20_000);
        Optimizer sgld = new SgldSpec(1e-3, 2.0, null).create(QuadraticSteps.CONTEXT);
        sgld.step(List.of(theta), List.of(Nd4j.zeros(DataType.DOUBLE, 20_000)), 1e-3, GradientOracle.NONE);
        double expected = Math.sqrt(2 * 1e-3 * 2.0);
        assertThat(theta.meanNumber().doubleValue()).isCloseTo(0, offset(4 * expected / Math.sqrt(20_000)));
        assertThat(theta.stdNumber().doubleValue()).isCloseTo(expected, offset(0.02 * expected));
    }

    @Test
    void samStepsWithTheGradientAtThePerturbedPoint() {
        // e = ρ θ/‖θ‖ = 0.05·(0.6, 0.8); g' = θ + e; θ1 = θ − 0.1 g'
        SamSpec sam = new SamSpec(0.05, false, new SgdSpec(0.1, null, null, null, null));
        double[][] theta = QuadraticSteps.run(sam.create(QuadraticSteps.CONTEXT), 0.1, 1, 3, 4);
        assertThat(theta[0]).containsExactly(new double[]{3 - 0.1 * 3.03, 4 - 0.1 * 4.04}, offset(1e-15));
        assertThat(sam.learningRate()).isEqualTo(0.1);
    }

    @Test
    void asamScalesThePerturbationByTheParameters() {
        // e = ρ θ²⊙g / ‖|θ|⊙g‖ with g = θ: ρ θ³ / ‖θ²‖
        SamSpec asam = new SamSpec(0.05, true, new SgdSpec(0.1, null, null, null, null));
        double[][] theta = QuadraticSteps.run(asam.create(QuadraticSteps.CONTEXT), 0.1, 1, 3, 4);
        double norm = Math.sqrt(81 + 256);
        double e0 = 0.05 * 27 / norm;
        double e1 = 0.05 * 64 / norm;
        assertThat(theta[0]).containsExactly(new double[]{3 - 0.1 * (3 + e0), 4 - 0.1 * (4 + e1)}, offset(1e-15));
    }
}
