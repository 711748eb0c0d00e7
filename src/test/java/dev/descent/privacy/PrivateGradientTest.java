package dev.descent.privacy;

import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.LayerSpec;
import dev.descent.model.Loss;
import dev.descent.model.ModelSpec;
import dev.descent.model.Network;
import dev.descent.model.Precision;
import dev.descent.optim.GradientTransforms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Per-example clipping and noise of DP-SGD, in float64, against gradients formed one example at a time. */
class PrivateGradientTest {

    private static final int ROWS = 9;

    private final Network network = Network.create(new ModelSpec(List.of(new LayerSpec(7, Activation.TANH, 0.0),
            new LayerSpec(5, Activation.RELU, 0.0)), Initialization.HE, Precision.FLOAT64), 4, 3, 5);
    private final INDArray x = random(ROWS, 4, 1).muli(3);
    private final INDArray y = oneHot();

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.5, 1e6})
    void theNormIdentityEqualsClippingEachExampleSeparately(double clipNorm) {
        ClippingMethod.ClippedSum fast = ClippingMethod.NORM_IDENTITY.clippedSum(network, new Loss.CrossEntropy(), x,
                y, new SplittableRandom(1), clipNorm);
        List<INDArray> reference = null;
        int clipped = 0;
        for (int i = 0; i < ROWS; i++) {
            List<INDArray> g = example(i).gradients();
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
        Network.Gradient batch = network.gradient(x, random(ROWS, 3, 4), new Loss.MeanSquaredError(), null);
        for (int p = 0; p < batch.gradients().size(); p++) {
            assertThat(sum.sum().get(p).sub(batch.gradients().get(p).mul(ROWS)).amaxNumber().doubleValue())
                    .isLessThan(1e-10);
        }
        assertThat(sum.clipped()).isZero();
    }

    @Test
    void theNoiseHasStandardDeviationSigmaTimesCOverTheExpectedBatchSizeAndFollowsTheSeed() {
        Network wide = Network.create(new ModelSpec(List.of(new LayerSpec(200, Activation.RELU, 0.0)),
                Initialization.HE, Precision.FLOAT64), 100, 10, 1);
        PrivateGradient dp = new PrivateGradient(ClippingMethod.NORM_IDENTITY, 2.0, 1.5, 50);
        // an empty batch (Poisson sampling may draw none): the gradient is the noise alone
        INDArray none = Nd4j.create(DataType.DOUBLE, 0, 100);
        Network.Gradient step = dp.compute(wide, new Loss.CrossEntropy(), none, Nd4j.create(DataType.DOUBLE, 0, 10),
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

    private Network.Gradient example(int i) {
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
