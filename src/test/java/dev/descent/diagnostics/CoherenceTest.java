package dev.descent.diagnostics;

import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.Conv2dSpec;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.layer.FlattenSpec;
import dev.descent.model.layer.LayerNormSpec;
import dev.descent.model.layer.LayerSpec;
import dev.descent.model.layer.Padding;
import dev.descent.optim.FlatParameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CoherenceTest {

    private static final Loss CROSS_ENTROPY = new Loss.CrossEntropy();

    /** α from per-example gradients formed one by one (a backward pass per row), as the definition reads. */
    private static double formed(Model model, INDArray x, INDArray y) {
        int m = (int) x.rows();
        double[] mean = null;
        double squaredSum = 0;
        for (int i = 0; i < m; i++) {
            double[] g = FlatParameters.flatten(model.gradient(x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()),
                    y.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()), CROSS_ENTROPY, null).gradients());
            mean = mean == null ? FlatParameters.plus(new double[g.length], 1.0 / m, g)
                    : FlatParameters.plus(mean, 1.0 / m, g);
            squaredSum += FlatParameters.dot(g, g);
        }
        return m * FlatParameters.dot(mean, mean) / (squaredSum / m);
    }

    @Test
    void equalsTheDefinitionOnFormedPerExampleGradientsForDenseConvAndLayerNorm() {
        INDArray x = Matrices.gaussian(12, 16, 1);
        INDArray y = Matrices.oneHot(12, 3, 2);
        List<LayerSpec> mlp = List.of(new DenseSpec(5, Activation.TANH, 0.0), new LayerNormSpec(),
                new DenseSpec(4, Activation.RELU, 0.0));
        List<LayerSpec> cnn = List.of(new Conv2dSpec(2, List.of(3, 3), null, null, Padding.SAME, Activation.TANH),
                new FlattenSpec());
        for (List<LayerSpec> layers : List.of(mlp, cnn)) {
            Shape input = layers == cnn ? Shape.image(1, 4, 4) : Shape.features(16);
            Model model = Model.create(ModelSpec.ofLayers(layers, Initialization.XAVIER, Precision.FLOAT64), input,
                    3, 3);
            assertThat(Coherence.of(model, CROSS_ENTROPY, x, y)).isCloseTo(formed(model, x, y), within(1e-10));
        }
    }

    @Test
    void isMForIdenticalExamplesAndNearOneForUnrelatedOnes() {
        INDArray one = Matrices.gaussian(1, 6, 3);
        INDArray x = one.repeat(0, 8);
        INDArray y = Matrices.oneHot(1, 3, 4).repeat(0, 8);
        Model model = Model.create(new ModelSpec(List.of(new DenseSpec(4, Activation.TANH, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64), Shape.features(6), 3, 5);
        assertThat(Coherence.of(model, CROSS_ENTROPY, x, y)).isCloseTo(8.0, within(1e-9));

        INDArray wide = Matrices.gaussian(8, 400, 6);
        Model linear = Model.create(new ModelSpec(List.of(), Initialization.XAVIER, Precision.FLOAT64),
                Shape.features(400), 3, 7);
        assertThat(Coherence.of(linear, CROSS_ENTROPY, wide, Matrices.oneHot(8, 3, 8))).isBetween(0.5, 2.5);
    }
}
