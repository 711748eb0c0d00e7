package dev.descent.model;

import dev.descent.model.layer.DenseSpec;

import dev.descent.math.ScratchArrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The tape's gradients against central finite differences, in float64. */
class ModelGradientTest {

    private static final double H = 1e-6;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void crossEntropyGradientsMatchFiniteDifferences(Activation activation) {
        ModelSpec spec = new ModelSpec(List.of(new DenseSpec(5, activation, 0.0), new DenseSpec(4, activation, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64);
        Model network = Model.create(spec, Shape.features(3), 3, 11);
        INDArray x = random(6, 3, 1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        assertGradientsMatch(network, x, y, new Loss.CrossEntropy(), 0L);
    }

    static java.util.stream.Stream<Loss> classificationLosses() {
        return java.util.stream.Stream.of(new Loss.LabelSmoothing(0.2), new Loss.GeneralizedCrossEntropy(0.7),
                new Loss.MeanAbsoluteError());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("classificationLosses")
    void everyClassificationLossHasExactGradients(Loss loss) {
        ModelSpec spec = new ModelSpec(List.of(new DenseSpec(5, Activation.TANH, 0.0)), Initialization.XAVIER,
                Precision.FLOAT64);
        Model network = Model.create(spec, Shape.features(3), 4, 2);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 6, 4);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 4, 1.0);
        }
        assertGradientsMatch(network, random(6, 3, 5), y, loss, 0L);
    }

    @Test
    void huberGradientsMatchFiniteDifferences() {
        ModelSpec spec = new ModelSpec(List.of(new DenseSpec(6, Activation.SIGMOID, 0.0)), Initialization.HE,
                Precision.FLOAT64);
        Model network = Model.create(spec, Shape.features(4), 1, 3);
        // targets spread wide so that some residuals fall outside δ = 0.5
        assertGradientsMatch(network, random(7, 4, 2), random(7, 1, 3).muli(3), new Loss.Huber(0.5), 0L);
    }

    @Test
    void meanSquaredErrorGradientsMatchFiniteDifferences() {
        ModelSpec spec = new ModelSpec(List.of(new DenseSpec(6, Activation.TANH, 0.0)), Initialization.HE,
                Precision.FLOAT64);
        Model network = Model.create(spec, Shape.features(4), 1, 3);
        assertGradientsMatch(network, random(7, 4, 2), random(7, 1, 3), new Loss.MeanSquaredError(), 0L);
    }

    @Test
    void dropoutGradientsMatchFiniteDifferencesUnderAFixedMask() {
        ModelSpec spec = new ModelSpec(List.of(new DenseSpec(8, Activation.RELU, 0.5)), Initialization.HE,
                Precision.FLOAT64);
        Model network = Model.create(spec, Shape.features(3), 2, 5);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 5, 2);
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, i % 2, 1.0);
        }
        assertGradientsMatch(network, random(5, 3, 4), y, new Loss.CrossEntropy(), 99L);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void arraysReusedAcrossStepsGiveTheGradientsOfNewOnes(Precision precision) {
        ModelSpec spec = new ModelSpec(List.of(new DenseSpec(7, Activation.RELU, 0.0), new DenseSpec(5, Activation.RELU,
                0.0)), Initialization.HE, precision);
        Model network = Model.create(spec, Shape.features(4), 3, 8);
        try (ScratchArrays arrays = ScratchArrays.reused()) {
            // full batches, a short last one (other shapes), then full again: every position seen with both shapes
            for (int rows : new int[]{6, 6, 2, 6, 2}) {
                INDArray x = random(rows, 4, rows).castTo(precision.dataType());
                INDArray y = Nd4j.zeros(precision.dataType(), rows, 3);
                for (int i = 0; i < rows; i++) {
                    y.putScalar(i, i % 3, 1.0);
                }
                Model.Gradient fresh = network.gradient(x, y, new Loss.CrossEntropy(), null);
                arrays.rewind();
                Model.Gradient reused = network.gradient(x, y, new Loss.CrossEntropy(), null, arrays);
                assertThat(reused.loss()).isEqualTo(fresh.loss());
                assertThat(reused.output()).isEqualTo(fresh.output());
                assertThat(reused.gradients()).isEqualTo(fresh.gradients());
            }
        }
    }

    static void assertGradientsMatch(Model network, INDArray x, INDArray y, Loss loss, long dropoutSeed) {
        Model.Gradient analytic = network.gradient(x, y, loss, new SplittableRandom(dropoutSeed));
        List<INDArray> parameters = network.parameters();
        for (int p = 0; p < parameters.size(); p++) {
            INDArray theta = parameters.get(p);
            for (long i = 0; i < theta.length(); i++) {
                double original = theta.getDouble(i);
                theta.putScalar(i, original + H);
                double plus = network.gradient(x, y, loss, new SplittableRandom(dropoutSeed)).loss();
                theta.putScalar(i, original - H);
                double minus = network.gradient(x, y, loss, new SplittableRandom(dropoutSeed)).loss();
                theta.putScalar(i, original);
                double numeric = (plus - minus) / (2 * H);
                double exact = analytic.gradients().get(p).getDouble(i);
                assertThat(exact).as("parameter %d element %d", p, i)
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(numeric))));
            }
        }
    }

    static INDArray random(int rows, int columns, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = 2 * rng.nextDouble() - 1;
        }
        return Nd4j.create(values, new long[]{rows, columns}, DataType.DOUBLE);
    }
}
