package dev.descent.diagnostics;

import dev.descent.dataset.InputProjection;
import dev.descent.dataset.Standardization;
import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.AvgPool2dSpec;
import dev.descent.model.layer.BatchNormSpec;
import dev.descent.model.layer.Conv2dSpec;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.layer.DropoutSpec;
import dev.descent.model.layer.FlattenSpec;
import dev.descent.model.layer.LayerSpec;
import dev.descent.model.layer.Padding;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input gradients in raw feature units against central finite differences on the raw inputs, in float64: the raw
 * row is scaled, projected and fed to the network exactly as a prediction does, and nudged one feature at a time.
 */
class InputGradientsTest {

    private static final double H = 1e-6;

    @Test
    void anMlpsGradientThroughTheStandardizationMatchesFiniteDifferences() {
        Model network = Model.create(new ModelSpec(List.of(new DenseSpec(7, Activation.TANH, 0.3),
                new DenseSpec(5, Activation.SIGMOID, 0.0)), Initialization.XAVIER, Precision.FLOAT64),
                Shape.features(4), 3, 3);
        Standardization scaling = new Standardization(List.of(1.0, -2.0, 0.5, 10.0), List.of(2.0, 0.5, 3.0, 7.0), 0, 1);
        assertMatchesFiniteDifferences(new InputGradients(network, scaling, null), 4, 3, 1);
    }

    @Test
    void aProjectedModelsGradientIsTakenBackToEveryRawFeature() {
        Model network = Model.create(new ModelSpec(List.of(new DenseSpec(6, Activation.TANH, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64), Shape.features(2), 3, 5);
        Standardization scaling = new Standardization(List.of(0.0, 1.0, 2.0, 3.0, 4.0),
                List.of(1.0, 2.0, 0.5, 4.0, 1.5), 0, 1);
        InputProjection projection = new InputProjection(5, 2, random(10, 7));
        assertMatchesFiniteDifferences(new InputGradients(network, scaling, projection), 5, 3, 1);
    }

    @Test
    void aCnnsGradientOnAnImageMatchesFiniteDifferences() {
        List<LayerSpec> layers = List.of(
                new Conv2dSpec(3, List.of(3, 3), null, null, Padding.SAME, Activation.TANH),
                new BatchNormSpec(null), new AvgPool2dSpec(List.of(2, 2), null), new DropoutSpec(0.5),
                new FlattenSpec(), new DenseSpec(5, Activation.TANH, 0.0));
        Model network = Model.create(new ModelSpec(null, layers, Initialization.HE, Precision.FLOAT64, null, null),
                Shape.image(1, 4, 4), 3, 9);
        double[] mean = new double[16];
        double[] std = new double[16];
        for (int j = 0; j < 16; j++) {
            mean[j] = j * 0.1;
            std[j] = 1 + j * 0.2;
        }
        Standardization scaling = new Standardization(java.util.Arrays.stream(mean).boxed().toList(),
                java.util.Arrays.stream(std).boxed().toList(), 0, 1);
        assertMatchesFiniteDifferences(new InputGradients(network, scaling, null), 16, 3, 1);
    }

    @Test
    void aRegressionValuesGradientIsInTheTargetsUnits() {
        Model network = Model.create(new ModelSpec(List.of(new DenseSpec(4, Activation.TANH, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64), Shape.features(3), 1, 2);
        Standardization scaling = new Standardization(List.of(1.0, 2.0, 3.0), List.of(0.5, 2.0, 1.0), 50, 12.5);
        assertMatchesFiniteDifferences(new InputGradients(network, scaling, null), 3, 1, 12.5);
    }

    /** For 3 rows and each output: the gradient against (o(x + h e_j) − o(x − h e_j)) / 2h, o in raw units. */
    private static void assertMatchesFiniteDifferences(InputGradients gradients, int features, int outputs,
                                                       double targetStd) {
        int rows = 3;
        double[] raw = random(rows * features, 1);
        for (int k = 0; k < outputs; k++) {
            int[] which = new int[rows];
            java.util.Arrays.fill(which, k);
            double[][] analytic = gradients.of(raw, which, targetStd);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < features; j++) {
                    double[] plus = raw.clone();
                    double[] minus = raw.clone();
                    plus[i * features + j] += H;
                    minus[i * features + j] -= H;
                    double numeric = (output(gradients, plus, features, i, k) - output(gradients, minus, features, i, k))
                            / (2 * H) * targetStd;
                    assertThat(analytic[i][j]).as("row %d, output %d, feature %d", i, k, j)
                            .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-7 * Math.max(1, Math.abs(numeric))));
                }
            }
        }
    }

    /** The network's output k for row i of raw rows, computed as a prediction computes it. */
    private static double output(InputGradients gradients, double[] raw, int features, int row, int k) {
        INDArray scaled = Nd4j.create(gradients.scaling().scaleFeatures(raw), new long[]{raw.length / features, features},
                DataType.DOUBLE);
        INDArray inputs = gradients.projection() != null ? gradients.projection().apply(scaled) : scaled;
        return gradients.network().predict(inputs).getDouble(row, k);
    }

    private static double[] random(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = rng.nextDouble(-2, 2);
        }
        return values;
    }
}
