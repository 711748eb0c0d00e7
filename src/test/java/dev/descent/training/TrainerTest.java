package dev.descent.training;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.model.Activation;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.ModelSpec;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.model.Precision;
import dev.descent.optim.AdamSpec;
import dev.descent.optim.SgdSpec;
import dev.descent.optim.schedule.RefinedSchedule;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainerTest {

    private static final BuiltInDatasets DATASETS = new BuiltInDatasets();

    private static PreparedData iris(Precision precision) {
        return DataPreparation.prepare(DATASETS.load("iris", null).orElseThrow(), 0.2, 0, true, precision.dataType());
    }

    private static ModelSpec mlp(Precision precision, double dropout) {
        return new ModelSpec(List.of(new DenseSpec(16, Activation.RELU, dropout)), null, precision);
    }

    private static List<StepMetrics> train(ModelSpec spec, PreparedData data, TrainingSettings settings) {
        List<StepMetrics> steps = new ArrayList<>();
        Model network = Model.create(spec, Shape.features(data.features()), data.outputs(), settings.seed());
        new Trainer().train(network, new AdamSpec(0.01, null, null, null, null), data, settings,
                new Recording(steps));
        return steps;
    }

    @Test
    void theSameSpecAndSeedGiveTheSameCurveBitForBit() {
        TrainingSettings settings = new TrainingSettings(5, 16, 7L);
        for (Precision precision : Precision.values()) {
            List<StepMetrics> first = train(mlp(precision, 0.2), iris(precision), settings);
            List<StepMetrics> second = train(mlp(precision, 0.2), iris(precision), settings);
            assertThat(second).isEqualTo(first);
            List<StepMetrics> otherSeed = train(mlp(precision, 0.2), iris(precision), new TrainingSettings(5, 16, 8L));
            assertThat(otherSeed).isNotEqualTo(first);
        }
    }

    @Test
    void learnsIrisAndReportsEveryStepAndEpoch() {
        PreparedData data = iris(Precision.FLOAT32);
        List<StepMetrics> steps = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        Model network = Model.create(mlp(Precision.FLOAT32, 0), Shape.features(data.features()), data.outputs(), 1);
        TrainingOutcome outcome = new Trainer().train(network, new SgdSpec(0.1, 0.9, null, null, null),
                data, new TrainingSettings(30, 16, 1L), new TrainingListener() {
                    @Override
                    public void onStep(StepMetrics step) {
                        steps.add(step);
                    }

                    @Override
                    public void onEpoch(EpochMetrics epoch) {
                        epochs.add(epoch);
                    }
                });
        assertThat(outcome.cancelled()).isFalse();
        assertThat(epochs).hasSize(30);
        assertThat(steps).hasSize(30 * 8); // 120 training rows in batches of 16
        assertThat(epochs.get(29).validationAccuracy()).isGreaterThan(0.9);
        assertThat(epochs.get(29).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        assertThat(steps).allSatisfy(s -> assertThat(s.gradientNorm()).isPositive());
    }

    @Test
    void fullBatchTakesOneStepPerEpoch() {
        List<StepMetrics> steps = train(mlp(Precision.FLOAT64, 0), iris(Precision.FLOAT64),
                new TrainingSettings(4, 10_000, 1L));
        assertThat(steps).extracting(StepMetrics::epoch).containsExactly(1, 2, 3, 4);
    }

    @Test
    void divergenceStopsWithTheReasonAfterReportingEarlierSteps() {
        PreparedData data = iris(Precision.FLOAT32);
        List<StepMetrics> steps = new ArrayList<>();
        Model network = Model.create(mlp(Precision.FLOAT32, 0), Shape.features(data.features()), data.outputs(), 1);
        assertThatThrownBy(() -> new Trainer().train(network, new SgdSpec(1e30, null, null, null, null),
                data, new TrainingSettings(5, 16, 1L), new Recording(steps)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("diverged at epoch 1");
        assertThat(steps).isNotEmpty();
    }

    @Test
    void aStopRequestEndsTrainingBeforeTheNextStep() {
        PreparedData data = iris(Precision.FLOAT32);
        List<StepMetrics> steps = new ArrayList<>();
        Model network = Model.create(mlp(Precision.FLOAT32, 0), Shape.features(data.features()), data.outputs(), 1);
        TrainingOutcome outcome = new Trainer().train(network, new SgdSpec(0.1, null, null, null, null),
                data, new TrainingSettings(100, 16, 1L), new Recording(steps) {
                    @Override
                    public boolean stopRequested() {
                        return steps.size() == 3;
                    }
                });
        assertThat(outcome.cancelled()).isTrue();
        assertThat(steps).hasSize(3);
    }

    /** A cancel while a refined schedule is built from a long run ends the job there, before its first step. */
    @Test
    void aStopDuringPreparationEndsTheRunBeforeItsFirstStep() {
        PreparedData data = iris(Precision.FLOAT32);
        double[] longRun = new java.util.SplittableRandom(3).doubles(1_200_000, 0.5, 2).toArray();
        TrainingSettings settings = new TrainingSettings(5, 16, null, 1L,
                new RefinedSchedule(java.util.UUID.randomUUID()), null, null, null, null, null, null);
        List<StepMetrics> steps = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger looks = new java.util.concurrent.atomic.AtomicInteger();
        TrainingOutcome outcome = new Trainer((job, l1) -> longRun).train(
                Model.create(mlp(Precision.FLOAT32, 0), Shape.features(data.features()), data.outputs(), 1),
                new SgdSpec(0.1, null, null, null, null), data, settings, new Recording(steps) {
                    @Override
                    public boolean stopRequested() {
                        return looks.incrementAndGet() > 1; // cancelled once the refinement has begun
                    }
                });
        assertThat(outcome.cancelled()).isTrue();
        assertThat(outcome.steps()).isZero();
        assertThat(steps).isEmpty();
        assertThat(looks).as("looks at the stop request: both inside the refinement").hasValue(2);
    }

    private static class Recording implements TrainingListener {
        private final List<StepMetrics> steps;

        Recording(List<StepMetrics> steps) {
            this.steps = steps;
        }

        @Override
        public void onStep(StepMetrics step) {
            steps.add(step);
        }

        @Override
        public void onEpoch(EpochMetrics epoch) {
        }
    }
}
