package dev.descent.math;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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
