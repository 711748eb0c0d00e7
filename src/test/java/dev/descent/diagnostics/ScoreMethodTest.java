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
import dev.descent.model.layer.Padding;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * EL2N against softmax and the error norm written out by hand; GraNd against each example's gradient formed by its
 * own backward pass and measured, in float64.
 */
class ScoreMethodTest {

    @Test
    void el2nIsTheNormOfTheProbabilitiesMinusTheLabel() {
        Model network = Model.create(new ModelSpec(List.of(new DenseSpec(5, Activation.TANH, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64), Shape.features(3), 3, 1);
        INDArray x = random(4, 3, 2);
        INDArray y = oneHot(4, 3);
        double[] scores = ScoreMethod.EL2N.scores(network, new Loss.CrossEntropy(), x, y);
        double[][] logits = network.predict(x).toDoubleMatrix();
        for (int i = 0; i < 4; i++) {
            double total = 0;
            for (double z : logits[i]) {
                total += Math.exp(z);
            }
            double squared = 0;
            for (int k = 0; k < 3; k++) {
                double p = Math.exp(logits[i][k]) / total;
                double label = k == i % 3 ? 1 : 0;
                squared += (p - label) * (p - label);
            }
            assertThat(scores[i]).isCloseTo(Math.sqrt(squared), within(1e-12));
        }
    }

    @Test
    void grandOfAnMlpIsEachExamplesOwnGradientNorm() {
        Model network = Model.create(new ModelSpec(List.of(new DenseSpec(6, Activation.TANH, 0.0),
                new DenseSpec(4, Activation.RELU, 0.0)), Initialization.HE, Precision.FLOAT64), Shape.features(3), 3, 4);
        assertGradientNorms(network, random(7, 3, 5), oneHot(7, 3), new Loss.CrossEntropy());
    }

    @Test
    void grandOfACnnWithLayerNormIsEachExamplesOwnGradientNorm() {
        Model network = Model.create(new ModelSpec(null, List.of(
                new Conv2dSpec(2, List.of(3, 3), null, null, Padding.SAME, Activation.TANH), new LayerNormSpec(),
                new FlattenSpec(), new DenseSpec(5, Activation.TANH, 0.0)), Initialization.HE, Precision.FLOAT64,
                null, null), Shape.image(1, 4, 4), 3, 8);
        assertGradientNorms(network, random(5, 16, 6), oneHot(5, 3), new Loss.CrossEntropy());
    }

    @Test
    void grandOfARegressionModelUsesItsLoss() {
        Model network = Model.create(new ModelSpec(List.of(new DenseSpec(4, Activation.TANH, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64), Shape.features(2), 1, 7);
        assertGradientNorms(network, random(6, 2, 3), random(6, 1, 4), new Loss.Huber(0.5));
    }

    private static void assertGradientNorms(Model network, INDArray x, INDArray y, Loss loss) {
        double[] scores = ScoreMethod.GRAND.scores(network, loss, x, y);
        for (int i = 0; i < x.rows(); i++) {
            Model.Gradient own = network.gradient(x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()),
                    y.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()), loss, null);
            double squared = 0;
            for (INDArray g : own.gradients()) {
                squared += g.mul(g).sumNumber().doubleValue();
            }
            assertThat(scores[i]).as("example %d", i).isCloseTo(Math.sqrt(squared), within(1e-10));
        }
    }

    private static INDArray oneHot(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, i % classes, 1.0);
        }
        return y;
    }

    private static INDArray random(int rows, int columns, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextDouble(-1.5, 1.5);
        }
        return Nd4j.create(values, new long[]{rows, columns}, DataType.DOUBLE);
    }
}
