package dev.descent.math;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import static org.assertj.core.api.Assertions.assertThat;

class RectifierTest {

    private static final double[] X = {-2, -0.5, 0, 0.25, 3, -1e-30};
    private static final double[] G = {1, 2, 3, 4, -5, 6};

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void forwardIsMaxOfZeroAndX(DataType type) {
        INDArray out = Nd4j.createUninitialized(type, 2, 3);
        Rectifier.forward(matrix(X, type), out);
        assertThat(out.data().asDouble()).containsExactly(0, 0, 0, 0.25, 3, 0);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void backwardPassesTheGradientWhereTheOutputIsPositive(DataType type) {
        INDArray y = Nd4j.createUninitialized(type, 2, 3);
        Rectifier.forward(matrix(X, type), y);
        INDArray out = Nd4j.createUninitialized(type, 2, 3);
        Rectifier.backward(y, matrix(G, type), out);
        assertThat(out.data().asDouble()).containsExactly(0, 0, 0, 4, -5, 0);
    }

    @Test
    void theGradientPassesWhereTheOutputIsTinyOrHuge() {
        float[] y = {Float.MIN_VALUE, 1e-40f, 1e-20f, 3e38f, Float.POSITIVE_INFINITY, 0f};
        INDArray floats = Nd4j.createUninitialized(DataType.FLOAT, 1, 6);
        Rectifier.backward(Nd4j.create(y, 1, 6), Nd4j.ones(DataType.FLOAT, 1, 6).muli(-2.5), floats);
        // 0·g where y = 0, a negative zero for a negative g as ND4J's sign(y)·g gives
        assertThat(floats.toFloatVector()).containsExactly(-2.5f, -2.5f, -2.5f, -2.5f, -2.5f, -0f);
        double[] yd = {Double.MIN_VALUE, 1e-310, 1e-200, 1e308, Double.POSITIVE_INFINITY, 0};
        INDArray doubles = Nd4j.createUninitialized(DataType.DOUBLE, 1, 6);
        Rectifier.backward(Nd4j.create(yd, new long[]{1, 6}, DataType.DOUBLE),
                Nd4j.ones(DataType.DOUBLE, 1, 6).muli(-2.5), doubles);
        assertThat(doubles.toDoubleVector()).containsExactly(-2.5, -2.5, -2.5, -2.5, -2.5, -0d);
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void arraysOfManyChunksMatchNd4jsTransforms(DataType type) {
        INDArray x = Nd4j.rand(type, 7, 5000).subi(0.5);
        INDArray g = Nd4j.rand(type, 7, 5000).subi(0.5);
        INDArray y = Rectifier.forward(x, Nd4j.createUninitialized(type, 7, 5000));
        assertThat(y).isEqualTo(Transforms.relu(x, true));
        assertThat(Rectifier.backward(y, g, Nd4j.createUninitialized(type, 7, 5000)))
                .isEqualTo(Transforms.sign(y, true).muli(g));
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void viewsGoThroughNd4j(DataType type) {
        INDArray x = matrix(X, type).transpose();
        INDArray out = Nd4j.createUninitialized(type, 3, 2);
        Rectifier.forward(x, out);
        assertThat(out.dup('c').data().asDouble()).containsExactly(0, 0.25, 0, 3, 0, 0);
        INDArray gradient = Nd4j.createUninitialized(type, 3, 2);
        Rectifier.backward(out, matrix(G, type).transpose(), gradient);
        assertThat(gradient.dup('c').data().asDouble()).containsExactly(0, 4, 0, -5, 0, 0);
    }

    private static INDArray matrix(double[] values, DataType type) {
        return Nd4j.create(values, new long[]{2, 3}, DataType.DOUBLE).castTo(type);
    }
}
