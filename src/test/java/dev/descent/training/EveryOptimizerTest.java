package dev.descent.training;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.model.ModelSpec;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.model.Precision;
import dev.descent.optim.AdadeltaSpec;
import dev.descent.optim.AdagradNormSpec;
import dev.descent.optim.AdagradSpec;
import dev.descent.optim.AdamSpec;
import dev.descent.optim.AdamWSpec;
import dev.descent.optim.AmsGradSpec;
import dev.descent.optim.ExponentiatedGradientSpec;
import dev.descent.optim.FrankWolfeSpec;
import dev.descent.optim.LabelNoiseSgdSpec;
import dev.descent.optim.LbfgsSpec;
import dev.descent.optim.SsvrSpec;
import dev.descent.optim.SvrgSpec;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.RmsPropSpec;
import dev.descent.optim.SamSpec;
import dev.descent.optim.SgdSpec;
import dev.descent.optim.SgldSpec;
import dev.descent.optim.SignSgdSpec;
import dev.descent.optim.SignumSpec;
import dev.descent.optim.schedule.CosineSchedule;
import dev.descent.optim.schedule.OneCycleSchedule;
import dev.descent.optim.schedule.WarmupSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Softmax regression on standardised wine with every optimizer of the catalog: the loss goes down. */
class EveryOptimizerTest {

    private static final PreparedData WINE = DataPreparation.prepare(new BuiltInDatasets().load("wine", null).orElseThrow(),
            0.2, 0, true, Precision.FLOAT64.dataType());

    static Stream<OptimizerSpec> optimizers() {
        return Stream.of(
                new SgdSpec(0.1, 0.9, null, null, true),
                new AdamSpec(0.01, null, null, null, null),
                new AdamWSpec(0.01, null, null, null, null),
                new AmsGradSpec(0.01, null, null, null, null),
                new AdagradSpec(0.1, null, null, null),
                new AdagradNormSpec(1.0, null),
                new RmsPropSpec(0.01, null, null, 0.5, true),
                new AdadeltaSpec(1.0, null, null),
                new SignSgdSpec(0.01),
                new SignumSpec(0.01, null),
                new SgldSpec(1e-4, 1e-3, 1.0),
                new SamSpec(0.05, false, new SgdSpec(0.1, null, null, null, null)),
                new SamSpec(0.5, true, new AdamSpec(0.01, null, null, null, null)),
                new LbfgsSpec(null, null, 5, null, null, true),
                new SvrgSpec(0.1, null, null, null),
                new SvrgSpec(0.1, null, true, null),
                new SsvrSpec(0.01, null),
                new LabelNoiseSgdSpec(0.1, null, 0.05),
                new ExponentiatedGradientSpec(0.5, 20.0, true),
                new FrankWolfeSpec(1.0, 20.0, "l1-ball"));
    }

    @ParameterizedTest
    @MethodSource("optimizers")
    void lossDecreases(OptimizerSpec optimizer) {
        List<EpochMetrics> epochs = new ArrayList<>();
        Model network = Model.create(new ModelSpec(List.of(), null, Precision.FLOAT64), Shape.features(WINE.features()),
                WINE.outputs(), 1);
        new Trainer().train(network, optimizer, WINE, new TrainingSettings(15, 16, 1L), new TrainingListener() {
            @Override
            public void onStep(StepMetrics step) {
            }

            @Override
            public void onEpoch(EpochMetrics epoch) {
                epochs.add(epoch);
            }
        });
        assertThat(epochs.get(14).trainLoss()).isLessThan(epochs.get(0).trainLoss() * 0.8);
        assertThat(epochs.get(14).validationAccuracy()).isGreaterThan(0.85);
    }

    @org.junit.jupiter.api.Test
    void labelNoiseWithoutNoiseIsSgd() {
        assertThat(curve(new LabelNoiseSgdSpec(0.1, 0.0, 0.0))).isEqualTo(curve(new SgdSpec(0.1, null, null, null, null)));
        assertThat(curve(new LabelNoiseSgdSpec(0.1, 0.0, 0.3))).isNotEqualTo(curve(new SgdSpec(0.1, null, null, null, null)));
    }

    private static List<Double> curve(OptimizerSpec optimizer) {
        List<Double> losses = new ArrayList<>();
        Model network = Model.create(new ModelSpec(List.of(), null, Precision.FLOAT64), Shape.features(WINE.features()),
                WINE.outputs(), 1);
        new Trainer().train(network, optimizer, WINE, new TrainingSettings(2, 16, 1L), new TrainingListener() {
            @Override
            public void onStep(StepMetrics step) {
                losses.add(step.loss());
            }

            @Override
            public void onEpoch(EpochMetrics epoch) {
            }
        });
        return losses;
    }

    @org.junit.jupiter.api.Test
    void lbfgsReachesTheLeastSquaresSolution() {
        // a convex problem: a linear model under mean squared error, solved in closed form by the normal equations
        PreparedData data = DataPreparation.prepare(new BuiltInDatasets().load("linear-regression",
                new dev.descent.dataset.GeneratorOptions(200, 0.5, null, 4, 3L)).orElseThrow(), 0.0, 0, true,
                Precision.FLOAT64.dataType());
        Model network = Model.create(new ModelSpec(List.of(), null, Precision.FLOAT64), Shape.features(data.features()), 1, 1);
        new Trainer().train(network, new LbfgsSpec(null, null, null, 1e-12, 1e-14, true), data,
                new TrainingSettings(5, 200, 1L), TrainingListener.NONE);
        double[] expected = leastSquares(data.trainX().toDoubleMatrix(), data.trainY().toDoubleVector());
        double[] weights = network.parameters().get(0).toDoubleVector();
        for (int i = 0; i < weights.length; i++) {
            assertThat(weights[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(network.parameters().get(1).getDouble(0)).isCloseTo(expected[weights.length],
                org.assertj.core.data.Offset.offset(1e-6));
    }

    /** Solves [X 1]ᵀ[X 1] w = [X 1]ᵀ y by Gaussian elimination; the last entry is the bias. */
    private static double[] leastSquares(double[][] x, double[] y) {
        int d = x[0].length + 1;
        double[][] a = new double[d][d + 1];
        for (int r = 0; r < x.length; r++) {
            double[] row = java.util.Arrays.copyOf(x[r], d);
            row[d - 1] = 1;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    a[i][j] += row[i] * row[j];
                }
                a[i][d] += row[i] * y[r];
            }
        }
        for (int c = 0; c < d; c++) {
            for (int r = c + 1; r < d; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= d; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        double[] w = new double[d];
        for (int r = d - 1; r >= 0; r--) {
            double sum = a[r][d];
            for (int k = r + 1; k < d; k++) {
                sum -= a[r][k] * w[k];
            }
            w[r] = sum / a[r][r];
        }
        return w;
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void schedulesSetTheRecordedLearningRate(TrainingSettings settings, double firstRate, double lastRate) {
        List<StepMetrics> steps = new ArrayList<>();
        Model network = Model.create(new ModelSpec(List.of(), null, Precision.FLOAT64), Shape.features(WINE.features()),
                WINE.outputs(), 1);
        new Trainer().train(network, new SgdSpec(0.1, null, null, null, null), WINE, settings, new TrainingListener() {
            @Override
            public void onStep(StepMetrics step) {
                steps.add(step);
            }

            @Override
            public void onEpoch(EpochMetrics epoch) {
            }
        });
        assertThat(steps.get(0).learningRate()).isCloseTo(firstRate, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(steps.get(steps.size() - 1).learningRate()).isCloseTo(lastRate, org.assertj.core.data.Offset.offset(1e-12));
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> schedules() {
        // 142 training rows in batches of 16: 9 steps per epoch, 27 in 3 epochs
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of(
                        new TrainingSettings(3, 16, null, 1L, new CosineSchedule(null, null), ScheduleUnit.STEP, null, null, null, null, null),
                        0.1, 0.1 * (1 + Math.cos(Math.PI * 26 / 27)) / 2),
                org.junit.jupiter.params.provider.Arguments.of(
                        new TrainingSettings(3, 16, null, 1L, new CosineSchedule(null, null), ScheduleUnit.EPOCH, null, null, null, null, null),
                        0.1, 0.1 * (1 + Math.cos(Math.PI * 2 / 3)) / 2),
                org.junit.jupiter.params.provider.Arguments.of(
                        new TrainingSettings(3, 16, null, 1L, new WarmupSchedule(9L, 0.5, null), ScheduleUnit.STEP, null, null, null, null, null),
                        0.05, 0.1),
                org.junit.jupiter.params.provider.Arguments.of(
                        new TrainingSettings(3, 16, null, 1L, new OneCycleSchedule(null, null, null), ScheduleUnit.STEP, null, null, null, null, null),
                        0.1 / 25, 0.1 / 25 / 1e4),
                // the batch-size scaling rule: γ = 0.1 is for batches of 4, these are 16: SGD-type scales by 16/4
                org.junit.jupiter.params.provider.Arguments.of(
                        new TrainingSettings(3, 16, null, 1L, null, null, null, 4, null, null, null), 0.4, 0.4));
    }

    @org.junit.jupiter.api.Test
    void adamTypeOptimizersScaleTheirRateByTheSquareRootOfTheBatchRatio() {
        TrainingSettings settings = new TrainingSettings(1, 64, null, 1L, null, null, null, 16, null, null, null);
        assertThat(Trainer.batchSizeScale(settings.referenceBatchSize(), 64, true)).isEqualTo(2.0);
        assertThat(Trainer.batchSizeScale(settings.referenceBatchSize(), 64, false)).isEqualTo(4.0);
        assertThat(Trainer.batchSizeScale(null, 64, true)).isEqualTo(1.0);
    }
}
