package dev.descent.augmentation;

import dev.descent.math.ScratchArrays;
import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.DenseSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MixupTest {

    private static INDArray random(int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[rows * columns];
        Arrays.setAll(values, i -> random.nextDouble(-2, 2));
        return Nd4j.create(values, new long[]{rows, columns}, DataType.DOUBLE);
    }

    private static INDArray oneHot(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (i * 7) % classes, 1.0);
        }
        return y;
    }

    private static Mixup.Batch mix(AugmentationSpec spec, INDArray x, INDArray y, long seed, boolean squaredError) {
        return Mixup.mix(spec, x, y, seed, squaredError, ScratchArrays.fresh());
    }

    @Test
    void eachInterpolationMixesEveryRowWithItsPartnerAndTheSameSeedDrawsTheSame() {
        INDArray x = random(5, 3, 1);
        INDArray y = oneHot(5, 2);
        Mixup.Batch batch = mix(new MultiMixSpec(0.5, 3), x, y, 42, false);
        assertThat(batch.x().shape()).containsExactly(15, 3);
        assertThat(batch.y().shape()).containsExactly(15, 2);
        assertThat(Arrays.stream(batch.partners()).sorted().toArray()).containsExactly(0, 1, 2, 3, 4);
        assertThat(batch.weights()).hasSize(3);
        assertThat(Arrays.stream(batch.weights()).allMatch(w -> w > 0 && w < 1)).isTrue();
        for (int k = 0; k < 3; k++) {
            double lambda = batch.weights()[k];
            for (int i = 0; i < 5; i++) {
                int partner = batch.partners()[i];
                for (int j = 0; j < 3; j++) {
                    assertThat(batch.x().getDouble(k * 5 + i, j)).isCloseTo(
                            lambda * x.getDouble(i, j) + (1 - lambda) * x.getDouble(partner, j), within(1e-15));
                }
                for (int c = 0; c < 2; c++) {
                    assertThat(batch.y().getDouble(k * 5 + i, c)).isCloseTo(
                            lambda * y.getDouble(i, c) + (1 - lambda) * y.getDouble(partner, c), within(1e-15));
                }
            }
        }
        Mixup.Batch again = mix(new MultiMixSpec(0.5, 3), x, y, 42, false);
        assertThat(again.weights()).containsExactly(batch.weights());
        assertThat(again.partners()).containsExactly(batch.partners());
        assertThat(mix(new MultiMixSpec(0.5, 3), x, y, 43, false).weights()).isNotEqualTo(batch.weights());
    }

    @Test
    void theWeightsHaveTheMomentsOfBetaAlphaAlpha() {
        INDArray x = random(2, 1, 1);
        INDArray y = oneHot(2, 2);
        for (double alpha : new double[]{0.2, 1, 4}) {
            int draws = 20_000;
            double sum = 0;
            double squares = 0;
            for (int seed = 0; seed < draws; seed++) {
                double w = mix(new MixupSpec(alpha), x, y, seed, false).weights()[0];
                sum += w;
                squares += w * w;
            }
            double mean = sum / draws;
            double variance = squares / draws - mean * mean;
            // Beta(α, α): mean ½, variance 1/(4(2α + 1)); five standard errors of each
            assertThat(mean).as("mean at α %s", alpha).isCloseTo(0.5, within(5 * Math.sqrt(0.25 / draws)));
            assertThat(variance).as("variance at α %s", alpha).isCloseTo(1 / (4 * (2 * alpha + 1)), within(0.006));
        }
    }

    /** The step's loss and gradient on the mixed batch against (1/K) Σ_k [λ_k·L(y) + (1 − λ_k)·L(y[π])]. */
    private static void assertMixupObjective(Loss loss, INDArray y, boolean squaredError) {
        Model model = Model.create(ModelSpec.ofLayers(List.of(new DenseSpec(6, Activation.TANH, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64), Shape.features(4), (int) y.columns(), 3);
        INDArray x = random(8, 4, 9);
        Mixup.Batch batch = mix(new MultiMixSpec(1.0, 3), x, y, 5, squaredError);
        Model.Gradient mixed = model.gradient(batch.x(), batch.y(), loss, null);

        int[] partners = batch.partners();
        INDArray partnerTargets = Nd4j.pullRows(y, 1, partners);
        double expectedLoss = 0;
        List<INDArray> expected = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            double lambda = batch.weights()[k];
            INDArray block = batch.x().get(NDArrayIndex.interval(k * 8, (k + 1) * 8), NDArrayIndex.all()).dup();
            Model.Gradient own = model.gradient(block, y, loss, null);
            Model.Gradient partner = model.gradient(block, partnerTargets, loss, null);
            expectedLoss += (lambda * own.loss() + (1 - lambda) * partner.loss()) / 3;
            for (int p = 0; p < own.gradients().size(); p++) {
                INDArray term = own.gradients().get(p).mul(lambda).addi(partner.gradients().get(p).mul(1 - lambda))
                        .divi(3);
                if (k == 0) {
                    expected.add(term);
                } else {
                    expected.get(p).addi(term);
                }
            }
        }
        assertThat(mixed.loss() + batch.lossOffset()).isCloseTo(expectedLoss, within(1e-12));
        for (int p = 0; p < expected.size(); p++) {
            double[] got = mixed.gradients().get(p).dup().data().asDouble();
            double[] want = expected.get(p).dup().data().asDouble();
            for (int i = 0; i < want.length; i++) {
                assertThat(got[i]).as("parameter %d, element %d", p, i).isCloseTo(want[i], within(1e-12));
            }
        }
    }

    @Test
    void crossEntropyOnMixedTargetsIsTheMultiMixLossWithItsGradient() {
        assertMixupObjective(new Loss.CrossEntropy(), oneHot(8, 3), false);
        assertMixupObjective(new Loss.LabelSmoothing(0.1), oneHot(8, 3), false);
    }

    @Test
    void squaredErrorOnMixedTargetsPlusTheOffsetIsTheMultiMixLossWithItsGradient() {
        assertMixupObjective(new Loss.MeanSquaredError(), random(8, 2, 4), true);
    }

    @Test
    void multiMixLowersTheVarianceOfTheMixedGradientOnAFixedBatch() {
        Model model = Model.create(ModelSpec.ofLayers(List.of(new DenseSpec(8, Activation.TANH, 0.0)),
                Initialization.XAVIER, Precision.FLOAT64), Shape.features(4), 3, 3);
        INDArray x = random(16, 4, 2);
        INDArray y = oneHot(16, 3);
        double mixup = variance(model, new MixupSpec(1.0), x, y);
        double multiMix = variance(model, new MultiMixSpec(1.0, 4), x, y);
        // averaging K draws of λ shrinks the part of the variance λ brings; the permutation's part stays
        assertThat(multiMix).isLessThan(0.85 * mixup);
    }

    /** E‖g − E g‖² of the mixed batch's gradient over 300 draws. */
    private static double variance(Model model, AugmentationSpec spec, INDArray x, INDArray y) {
        GradientVariance variance = new GradientVariance();
        for (int seed = 0; seed < 300; seed++) {
            Mixup.Batch batch = mix(spec, x, y, seed, false);
            variance.add(model.gradient(batch.x(), batch.y(), new Loss.CrossEntropy(), null).gradients());
        }
        return variance.value();
    }
}
