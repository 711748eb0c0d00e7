package dev.descent.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Exponentiated gradient and Frank-Wolfe against closed forms, in float64. */
class ConstrainedMethodsTest {

    private static final double[] C = {0.5, -1, 2};

    private static INDArray vector(double... values) {
        return Nd4j.create(values, new long[]{values.length}, DataType.DOUBLE);
    }

    @Test
    void egWithAConstantGradientIsASoftmax() {
        // from uniform weights, t steps of w_i ∝ w_i e^{−γ c_i} give w_i = U e^{−γ t c_i} / Σ_j e^{−γ t c_j}
        INDArray w = vector(5, 5, 5);
        Optimizer eg = new ExponentiatedGradientSpec(0.3, 2.0, false).create(QuadraticSteps.CONTEXT);
        for (int t = 0; t < 4; t++) {
            eg.step(List.of(w), List.of(vector(C)), 0.3, GradientOracle.NONE);
        }
        double z = 0;
        for (double c : C) {
            z += Math.exp(-0.3 * 4 * c);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(w.getDouble(i)).isCloseTo(2.0 * Math.exp(-1.2 * C[i]) / z, offset(1e-12));
        }
        assertThat(w.sumNumber().doubleValue()).isCloseTo(2.0, offset(1e-12));
    }

    @Test
    void egPlusMinusStaysInTheL1Ball() {
        // w_i = U (e^{−γtc_i} − e^{γtc_i}) / Σ_j (e^{−γtc_j} + e^{γtc_j})
        INDArray w = vector(0, 0, 0);
        Optimizer eg = new ExponentiatedGradientSpec(0.3, 2.0, true).create(QuadraticSteps.CONTEXT);
        for (int t = 0; t < 4; t++) {
            eg.step(List.of(w), List.of(vector(C)), 0.3, GradientOracle.NONE);
        }
        double z = 0;
        for (double c : C) {
            z += Math.exp(-1.2 * c) + Math.exp(1.2 * c);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(w.getDouble(i)).isCloseTo(2.0 * (Math.exp(-1.2 * C[i]) - Math.exp(1.2 * C[i])) / z, offset(1e-12));
        }
        assertThat(w.norm1Number().doubleValue()).isLessThanOrEqualTo(2.0);
    }

    @Test
    void frankWolfeFindsTheConstrainedMinimumOfAQuadratic() {
        // min ½‖θ − (2, 0.5)‖² over the L1 ball of radius 1: θ* = (1, 0)
        INDArray theta = vector(0, 0);
        Optimizer fw = new FrankWolfeSpec(1.0, 1.0, "l1-ball").create(QuadraticSteps.CONTEXT);
        for (int t = 0; t < 2000; t++) {
            fw.step(List.of(theta), List.of(theta.sub(vector(2, 0.5))), 1.0, GradientOracle.NONE);
        }
        assertThat(theta.toDoubleVector()).containsExactly(new double[]{1, 0}, offset(1e-2));
        assertThat(theta.norm1Number().doubleValue()).isLessThanOrEqualTo(1 + 1e-12);
    }

    @Test
    void frankWolfeOnTheSimplexMovesTowardsTheBestVertex() {
        // first step from (0, 0, 0): d = ρ1·g, vertex r·e_1 (the smallest g), θ = η1·r·e_1 with η1 = 2/3, ρ1 = 4/9^{2/3}
        INDArray theta = vector(0, 0, 0);
        new FrankWolfeSpec(1.0, 3.0, "simplex").create(QuadraticSteps.CONTEXT)
                .step(List.of(theta), List.of(vector(C)), 1.0, GradientOracle.NONE);
        assertThat(theta.toDoubleVector()).containsExactly(new double[]{0, 2, 0}, offset(1e-12));
    }
}
