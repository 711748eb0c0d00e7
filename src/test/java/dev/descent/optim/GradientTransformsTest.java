package dev.descent.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class GradientTransformsTest {

    private static INDArray vector(double... values) {
        return Nd4j.create(values, new long[]{values.length}, DataType.DOUBLE);
    }

    @Test
    void clipNormScalesTheWholeGradientToTheBound() {
        List<INDArray> g = List.of(vector(3, 0), vector(0, 4));
        new GradientTransforms(null, 1.0, null).apply(List.of(vector(0, 0), vector(0, 0)), g, 5, 0.1);
        assertThat(g.get(0).toDoubleVector()).containsExactly(new double[]{0.6, 0}, offset(1e-15));
        assertThat(g.get(1).toDoubleVector()).containsExactly(new double[]{0, 0.8}, offset(1e-15));
        List<INDArray> small = List.of(vector(0.3, 0.4));
        new GradientTransforms(null, 1.0, null).apply(List.of(vector(0, 0)), small, 0.5, 0.1);
        assertThat(small.get(0).toDoubleVector()).containsExactly(0.3, 0.4);
    }

    @Test
    void clipValueThenNormThenDecoupledDecay() {
        List<INDArray> g = List.of(vector(5, -0.5, -7));
        INDArray theta = vector(1, 2, 3);
        // values → (1, −0.5, −1), norm 1.5 → scaled to norm 0.75; θ ← θ(1 − 0.1·0.5)
        new GradientTransforms(1.0, 0.75, 0.5).apply(List.of(theta), g, Math.sqrt(25 + 0.25 + 49), 0.1);
        assertThat(g.get(0).toDoubleVector()).containsExactly(new double[]{0.5, -0.25, -0.5}, offset(1e-15));
        assertThat(theta.toDoubleVector()).containsExactly(new double[]{0.95, 1.9, 2.85}, offset(1e-15));
    }
}
