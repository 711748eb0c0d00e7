package dev.descent.privacy;

import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.Loss;
import dev.descent.model.ModelSpec;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.model.Precision;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subspace found through the Gram matrix against the top eigenvectors of M = mean g_i g_iᵀ formed from explicit
 * per-example gradients and found by power iteration with deflation, in float64.
 */
class GradientSubspaceTest {

    private static final int PUBLIC_ROWS = 12;
    private static final int RANK = 3;

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> models() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(Shape.features(3), new ModelSpec(List.of(
                        new DenseSpec(5, Activation.TANH, 0.0)), Initialization.XAVIER, Precision.FLOAT64)),
                org.junit.jupiter.params.provider.Arguments.of(Shape.image(1, 3, 3), ModelSpec.ofLayers(List.of(
                        new dev.descent.model.layer.Conv2dSpec(2, List.of(2, 2), null, null, null, Activation.TANH),
                        new dev.descent.model.layer.LayerNormSpec(), new dev.descent.model.layer.FlattenSpec()),
                        Initialization.XAVIER, Precision.FLOAT64)));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("models")
    void projectsOnTheTopEigenvectorsOfTheMeanGradientOuterProduct(Shape input, ModelSpec spec) {
        Model network = Model.create(spec, input, 3, 2);
        INDArray x = random(PUBLIC_ROWS, input.size(), 1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, PUBLIC_ROWS, 3);
        for (int i = 0; i < PUBLIC_ROWS; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        List<double[]> gradients = new ArrayList<>();
        for (int i = 0; i < PUBLIC_ROWS; i++) {
            gradients.add(flatten(network.gradient(x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()),
                    y.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()), new Loss.CrossEntropy(), null)
                    .gradients()));
        }
        int d = gradients.get(0).length;
        double[][] m = new double[d][d];
        for (double[] g : gradients) {
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    m[r][c] += g[r] * g[c] / PUBLIC_ROWS;
                }
            }
        }
        double[][] reference = PowerIteration.topEigenvectors(m, RANK);

        GradientSubspace subspace = GradientSubspace.of(network, new Loss.CrossEntropy(), x, y, RANK);
        assertThat(subspace.dimension()).isEqualTo(RANK);
        // V Vᵀ e_k column by column: the projection is the same whatever basis spans the subspace
        List<INDArray> shapes = network.parameters();
        for (int k = 0; k < d; k++) {
            double[] unit = new double[d];
            unit[k] = 1;
            List<INDArray> g = unflatten(unit, shapes);
            subspace.project(g);
            double[] projected = flatten(g);
            double[] expected = new double[d];
            for (double[] v : reference) {
                for (int r = 0; r < d; r++) {
                    expected[r] += v[r] * v[k];
                }
            }
            for (int r = 0; r < d; r++) {
                assertThat(Math.abs(projected[r] - expected[r])).isLessThan(1e-8);
            }
        }
    }

    private static double[] flatten(List<INDArray> arrays) {
        return Nd4j.toFlattened(arrays.toArray(INDArray[]::new)).toDoubleVector();
    }

    private static List<INDArray> unflatten(double[] values, List<INDArray> shapes) {
        List<INDArray> arrays = new ArrayList<>();
        int offset = 0;
        for (INDArray shape : shapes) {
            double[] part = java.util.Arrays.copyOfRange(values, offset, offset + (int) shape.length());
            arrays.add(Nd4j.create(part, shape.shape(), DataType.DOUBLE));
            offset += (int) shape.length();
        }
        return arrays;
    }

    private static INDArray random(int rows, int columns, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextDouble() * 4 - 2;
        }
        return Nd4j.create(values, new long[]{rows, columns}, DataType.DOUBLE);
    }
}
