package dev.descent.training;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.InputProjection;
import dev.descent.dataset.PreparedData;
import dev.descent.model.Activation;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.Loss;
import dev.descent.model.ModelSpec;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.model.Precision;
import dev.descent.optim.SgdSpec;
import dev.descent.privacy.PrivacyPlan;
import dev.descent.privacy.PrivacySpec;
import dev.descent.privacy.PrivatePca;
import dev.descent.privacy.RdpAccountant;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * DP-SGD through the trainer: it learns, also from a private PCA of its inputs, it records ε after every epoch, and it
 * keeps to its budget.
 */
class PrivateTrainingTest {

    private static final PreparedData DIGITS = DataPreparation.prepare(new BuiltInDatasets().load("digits", null)
            .orElseThrow(), 0.2, 0, true, Precision.FLOAT32.dataType());
    private static final ModelSpec MODEL = new ModelSpec(List.of(new DenseSpec(32, Activation.RELU, 0.0)), null,
            Precision.FLOAT32);
    private static final int ROWS = DIGITS.trainRows(); // 1438
    private static final double Q = 64.0 / ROWS;
    private static final long STEPS_PER_EPOCH = (ROWS + 63) / 64;

    private record Run(TrainingOutcome outcome, List<EpochMetrics> epochs, List<StepMetrics> steps) {
    }

    private static Run train(int epochs, PrivacySpec privacy) {
        List<EpochMetrics> epochMetrics = new ArrayList<>();
        List<StepMetrics> steps = new ArrayList<>();
        TrainingSettings settings = new TrainingSettings(epochs, 64, null, 3L, null, null, null, null, null, null,
                privacy);
        Model network = Model.create(MODEL, settings.modelInput(Shape.features(DIGITS.features())), DIGITS.outputs(), 1);
        TrainingOutcome outcome = new Trainer().train(network, new Loss.CrossEntropy(),
                new SgdSpec(0.5, 0.9, null, null, null), DIGITS, settings,
                new TrainingListener() {
                    @Override
                    public void onStep(StepMetrics step) {
                        steps.add(step);
                    }

                    @Override
                    public void onEpoch(EpochMetrics epoch) {
                        epochMetrics.add(epoch);
                    }
                }, null, CheckpointSink.NONE);
        return new Run(outcome, epochMetrics, steps);
    }

    @Test
    void learnsDigitsAndRecordsTheEpsilonSpentAfterEveryEpoch() {
        Run run = train(8, new PrivacySpec(1.0, 1.0, 1e-5, null, null, null, null, null));
        assertThat(run.epochs()).hasSize(8);
        assertThat(run.epochs().get(7).validationAccuracy()).isGreaterThan(0.75); // chance is 0.1
        for (EpochMetrics epoch : run.epochs()) {
            assertThat(epoch.epsilon()).isCloseTo(RdpAccountant.poissonGaussian(Q, 1.0, epoch.steps()).epsilon(1e-5),
                    within(1e-12));
        }
        assertThat(run.epochs().get(7).epsilon()).isGreaterThan(run.epochs().get(0).epsilon());
        assertThat(run.steps()).hasSize((int) (8 * STEPS_PER_EPOCH));
    }

    @Test
    void learnsDigitsFromAPrivatePcaOfItsInputsAndChargesItOnce() {
        PrivacySpec privacy = new PrivacySpec(1.0, 1.0, 1e-5, null, null, null, null, new PrivacySpec.Pca(20, 4.0));
        Run run = train(8, privacy);
        InputProjection projection = run.outcome().inputProjection();
        assertThat(projection.inputs()).isEqualTo(64);
        assertThat(projection.components()).isEqualTo(20);
        assertThat(run.epochs().get(7).validationAccuracy()).isGreaterThan(0.75);
        for (EpochMetrics epoch : run.epochs()) {
            assertThat(epoch.epsilon()).isEqualTo(PrivatePca.cost(4.0).plus(Q, 1.0, epoch.steps()).epsilon(1e-5));
        }
        assertThat(run.epochs().get(0).epsilon())
                .isGreaterThan(RdpAccountant.poissonGaussian(Q, 1.0, STEPS_PER_EPOCH).epsilon(1e-5));
        // the projection follows from the run's seed and rows alone
        assertThat(train(1, privacy).outcome().inputProjection().matrix()).isEqualTo(projection.matrix());
        assertThat(train(1, null).outcome().inputProjection()).isNull();
    }

    @Test
    void withOnlyATargetTheNoiseIsCalibratedSoThePlannedEpochsEndAtIt() {
        Run run = train(4, new PrivacySpec(1.0, null, 1e-5, null, 2.0, null, null, null));
        assertThat(run.outcome().earlyStop()).isNull();
        assertThat(run.epochs()).hasSize(4);
        assertThat(run.epochs().get(3).epsilon()).isLessThanOrEqualTo(2.0).isGreaterThan(1.99);
    }

    @Test
    void withNoiseAndATargetTheRunStopsBeforeItWouldExceedTheTarget() {
        Run run = train(20, new PrivacySpec(1.0, 0.8, 1e-5, null, 3.0, null, null, null));
        long budget = RdpAccountant.empty().stepsWithin(Q, 0.8, 1e-5, 3.0);
        assertThat(budget).isLessThan(20 * STEPS_PER_EPOCH);
        assertThat(run.steps()).hasSize((int) budget);
        assertThat(run.outcome().earlyStop()).startsWith("privacy budget reached");
        EpochMetrics last = run.epochs().get(run.epochs().size() - 1);
        assertThat(last.steps()).isEqualTo(budget);
        assertThat(last.epsilon()).isLessThanOrEqualTo(3.0);
        assertThat(RdpAccountant.poissonGaussian(Q, 0.8, budget + 1).epsilon(1e-5)).isGreaterThan(3.0);
    }

    @Test
    void poissonSamplingDrawsEachRowWithProbabilityQ() {
        PrivacyPlan plan = PrivacyPlan.of(new PrivacySpec(1.0, 1.0, 1e-5, null, null, null, null, null), DIGITS, 64, 1,
                3);
        int draws = 2000;
        double sum = 0;
        double sumOfSquares = 0;
        int[] picked = new int[ROWS];
        for (long seed = 0; seed < draws; seed++) {
            int[] batch = plan.sample(seed);
            sum += batch.length;
            sumOfSquares += (double) batch.length * batch.length;
            for (int row : batch) {
                picked[row]++;
            }
        }
        double mean = sum / draws;
        double variance = sumOfSquares / draws - mean * mean;
        // Binomial(N, q): mean qN = 64, variance qN(1 − q) ≈ 61.2; 2,000 draws pin the mean to ±0.7 (4 s.e.)
        assertThat(mean).isCloseTo(64, within(0.7));
        assertThat(variance).isCloseTo(64 * (1 - Q), within(10.0));
        // every row is drawn, about q × draws ≈ 89 times
        assertThat(java.util.Arrays.stream(picked).min().orElseThrow()).isGreaterThan(40);
        assertThat(plan.sample(7)).isEqualTo(plan.sample(7));
    }
}
