package dev.descent.privacy;

import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.layer.Conv2dSpec;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.layer.FlattenSpec;
import dev.descent.model.layer.LayerNormSpec;
import dev.descent.model.layer.MaxPool2dSpec;
import dev.descent.model.layer.Padding;
import dev.descent.model.layer.ResidualSpec;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import dev.descent.model.Loss;
import dev.descent.model.ModelSpec;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.model.Precision;
import dev.descent.optim.GradientTransforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.stream.Stream;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Per-example clipping and noise of DP-SGD, in float64, against gradients formed one example at a time. */
class PrivateGradientTest {

    private static final int ROWS = 9;

    private final Model network = Model.create(new ModelSpec(List.of(new DenseSpec(7, Activation.TANH, 0.0),
            new DenseSpec(5, Activation.RELU, 0.0)), Initialization.HE, Precision.FLOAT64), Shape.features(4), 3, 5);
    private final INDArray x = random(ROWS, 4, 1).muli(3);
    private final INDArray y = oneHot();

    /** Models whose every parametric layer has its own per-example norms: dense, convolutions, layer-norm. */
    static Stream<Arguments> models() {
        Conv2dSpec direct = new Conv2dSpec(3, List.of(3, 3), null, null, Padding.SAME, Activation.TANH);
        // 2T² = 2·4² < d·p = 27·5 on the pooled 2×2 map: the ghost norm
        Conv2dSpec ghost = new Conv2dSpec(5, List.of(3, 3), null, null, Padding.SAME, Activation.RELU);
        Stream<ModelSpec> specs = Stream.of(
                new ModelSpec(List.of(new DenseSpec(7, Activation.TANH, 0.0), new DenseSpec(5, Activation.RELU, 0.0)),
                        Initialization.HE, Precision.FLOAT64),
                ModelSpec.ofLayers(List.of(direct, new MaxPool2dSpec(List.of(2, 2), null), ghost, new LayerNormSpec(),
                        new ResidualSpec(List.of(new Conv2dSpec(5, List.of(1, 1), null, null, null, Activation.TANH))),
                        new FlattenSpec(), new DenseSpec(4, Activation.TANH, 0.0)), Initialization.HE,
                        Precision.FLOAT64));
        List<Shape> inputs = List.of(Shape.features(4), Shape.image(1, 4, 4));
        List<ModelSpec> all = specs.toList();
        return Stream.of(0.05, 0.5, 1e6).flatMap(clipNorm -> java.util.stream.IntStream.range(0, all.size())
                .mapToObj(m -> Arguments.of(inputs.get(m), all.get(m), clipNorm)));
    }

    @ParameterizedTest(name = "{0} {1}, C = {2}")
    @MethodSource("models")
    void theNormIdentityEqualsClippingEachExampleSeparately(Shape input, ModelSpec spec, double clipNorm) {
        Model network = Model.create(spec, input, 3, 5);
        INDArray x = random(ROWS, input.size(), 1).muli(3);
        ClippingMethod.ClippedSum fast = ClippingMethod.NORM_IDENTITY.clippedSum(network, new Loss.CrossEntropy(), x,
                y, new SplittableRandom(1), clipNorm);
        List<INDArray> reference = null;
        int clipped = 0;
        for (int i = 0; i < ROWS; i++) {
            List<INDArray> g = example(network, x, i).gradients();
            double norm = GradientTransforms.globalNorm(g);
            double factor = Math.min(1, clipNorm / (norm + 1e-6));
            clipped += norm + 1e-6 > clipNorm ? 1 : 0;
            List<INDArray> scaled = g.stream().map(p -> p.mul(factor)).toList();
            // every clipped per-example gradient is within C
            assertThat(GradientTransforms.globalNorm(scaled)).isLessThanOrEqualTo(clipNorm * (1 + 1e-12));
            if (reference == null) {
                reference = scaled;
            } else {
                for (int p = 0; p < scaled.size(); p++) {
                    reference.get(p).addi(scaled.get(p));
                }
            }
        }
        for (int p = 0; p < reference.size(); p++) {
            assertThat(fast.sum().get(p).shape()).isEqualTo(reference.get(p).shape());
            assertThat(fast.sum().get(p).sub(reference.get(p)).amaxNumber().doubleValue()).isLessThan(1e-10);
        }
        assertThat(fast.clipped()).isEqualTo(clipped);
        assertThat(fast.loss()).isCloseTo(network.gradient(x, y, new Loss.CrossEntropy(), null).loss(), within(1e-12));

        ClippingMethod.ClippedSum slow = ClippingMethod.PER_EXAMPLE.clippedSum(network, new Loss.CrossEntropy(), x, y,
                new SplittableRandom(1), clipNorm);
        for (int p = 0; p < reference.size(); p++) {
            assertThat(slow.sum().get(p).sub(reference.get(p)).amaxNumber().doubleValue()).isLessThan(1e-12);
        }
        assertThat(slow.output().sub(fast.output()).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void withoutClippingTheSumIsTheBatchGradientTimesTheBatchSize() {
        ClippingMethod.ClippedSum sum = ClippingMethod.NORM_IDENTITY.clippedSum(network, new Loss.MeanSquaredError(), x,
                random(ROWS, 3, 4), new SplittableRandom(1), 1e9);
        Model.Gradient batch = network.gradient(x, random(ROWS, 3, 4), new Loss.MeanSquaredError(), null);
        for (int p = 0; p < batch.gradients().size(); p++) {
            assertThat(sum.sum().get(p).sub(batch.gradients().get(p).mul(ROWS)).amaxNumber().doubleValue())
                    .isLessThan(1e-10);
        }
        assertThat(sum.clipped()).isZero();
    }

    @Test
    void theNoiseHasStandardDeviationSigmaTimesCOverTheExpectedBatchSizeAndFollowsTheSeed() {
        Model wide = Model.create(new ModelSpec(List.of(new DenseSpec(200, Activation.RELU, 0.0)),
                Initialization.HE, Precision.FLOAT64), Shape.features(100), 10, 1);
        PrivateGradient dp = new PrivateGradient(ClippingMethod.NORM_IDENTITY, 2.0, 1.5, 50);
        // an empty batch (Poisson sampling may draw none): the gradient is the noise alone
        INDArray none = Nd4j.create(DataType.DOUBLE, 0, 100);
        Model.Gradient step = dp.compute(wide, new Loss.CrossEntropy(), none, Nd4j.create(DataType.DOUBLE, 0, 10),
                42);
        double[] noise = flatten(step.gradients());
        assertThat(noise.length).isEqualTo(100 * 200 + 200 + 200 * 10 + 10);
        double mean = 0;
        for (double v : noise) {
            mean += v;
        }
        mean /= noise.length;
        double variance = 0;
        for (double v : noise) {
            variance += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(variance / (noise.length - 1));
        double expected = 1.5 * 2.0 / 50; // σC / (qN)
        // 22,210 samples: the sample std is within 2% and the mean within 4 standard errors
        assertThat(std).isCloseTo(expected, within(0.02 * expected));
        assertThat(Math.abs(mean)).isLessThan(4 * expected / Math.sqrt(noise.length));
        assertThat(step.loss()).isZero();

        double[] again = flatten(dp.compute(wide, new Loss.CrossEntropy(), none, Nd4j.create(DataType.DOUBLE, 0, 10),
                42).gradients());
        double[] other = flatten(dp.compute(wide, new Loss.CrossEntropy(), none, Nd4j.create(DataType.DOUBLE, 0, 10),
                43).gradients());
        assertThat(again).isEqualTo(noise);
        assertThat(other).isNotEqualTo(noise);
    }

    private Model.Gradient example(Model network, INDArray x, int i) {
        return network.gradient(x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()),
                y.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all()), new Loss.CrossEntropy(), null);
    }

    private static double[] flatten(List<INDArray> arrays) {
        return Nd4j.toFlattened(arrays.toArray(INDArray[]::new)).toDoubleVector();
    }

    private static INDArray oneHot() {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, ROWS, 3);
        for (int i = 0; i < ROWS; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        return y;
    }

    private static INDArray random(int rows, int columns, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextDouble() * 2 - 1;
        }
        return Nd4j.create(values, new long[]{rows, columns}, DataType.DOUBLE);
    }
}
