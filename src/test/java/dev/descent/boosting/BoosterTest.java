package dev.descent.boosting;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.dataset.Task;
import dev.descent.math.Softmax;
import dev.descent.model.Activation;
import dev.descent.model.BoostedStages;
import dev.descent.model.BoostingSpec;
import dev.descent.model.Initialization;
import dev.descent.model.LayerValues;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.optim.AdamSpec;
import dev.descent.training.CheckpointSink;
import dev.descent.training.EpochMetrics;
import dev.descent.training.Evaluation;
import dev.descent.training.StopAfterStep;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;
import dev.descent.training.TrainingState;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Gradient-boosted training against what the method says (docs/methods.md): the Newton step against finite
 * differences of the loss along the stage's outputs, F₀ against the loss's minimiser, a network whose first k stages
 * answer as the run recorded them, and a run stopped within a stage resumed bit for bit, in float64.
 */
class BoosterTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static PreparedData data(String id) {
        return DataPreparation.prepare(new BuiltInDatasets().load(id, null).orElseThrow(), 0.2, 0, true,
                Precision.FLOAT64.dataType());
    }

    private static ModelSpec boosted(int stages, int units, double shrinkage, int epochsPerStage) {
        return new ModelSpec(null, null, Initialization.HE, Precision.FLOAT64, null, null,
                new BoostingSpec(stages, units, shrinkage, epochsPerStage, Activation.TANH), null);
    }

    private static Model network(ModelSpec spec, PreparedData data, long seed) {
        return Model.create(spec, Shape.features(data.features()), data.outputs(), seed);
    }

    private static double[] random(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[n];
        Arrays.setAll(values, i -> random.nextDouble(-1, 1));
        return values;
    }

    /** Σ ½(y − F − ρh)² and Σ CE(y, F + ρh), the losses the steps are taken on. */
    private static double loss(Task task, double[] targets, double[] f, double[] h, int outputs, double rho) {
        double sum = 0;
        for (int row = 0; row < f.length; row += outputs) {
            double[] logits = new double[outputs];
            for (int k = 0; k < outputs; k++) {
                logits[k] = f[row + k] + rho * h[row + k];
                double d = targets[row + k] - logits[k];
                sum += task == Task.REGRESSION ? 0.5 * d * d : 0;
            }
            if (task == Task.CLASSIFICATION) {
                double[] p = Softmax.of(logits);
                for (int k = 0; k < outputs; k++) {
                    sum -= targets[row + k] * Math.log(p[k]);
                }
            }
        }
        return sum;
    }

    @Test
    void eachOutputsStepIsTheNewtonStepOfTheLossAlongIt() {
        int rows = 40;
        int outputs = 3;
        double[] f = random(rows * outputs, 1);
        double[] h = random(rows * outputs, 2);
        double[] oneHot = new double[rows * outputs];
        double[] residuals = new double[rows * outputs];
        for (int row = 0; row < rows; row++) {
            oneHot[row * outputs + row % outputs] = 1;
            double[] p = Softmax.of(Arrays.copyOfRange(f, row * outputs, (row + 1) * outputs));
            for (int k = 0; k < outputs; k++) {
                residuals[row * outputs + k] = oneHot[row * outputs + k] - p[k];
            }
        }
        double[] steps = Booster.newtonSteps(Task.CLASSIFICATION, residuals, oneHot, h, outputs);
        double e = 1e-4;
        for (int k = 0; k < outputs; k++) {
            // the stage's output k alone: the diagonal step is the Newton step along it
            double[] alongK = new double[h.length];
            for (int i = k; i < h.length; i += outputs) {
                alongK[i] = h[i];
            }
            DoubleUnaryOperator crossEntropy = rho -> loss(Task.CLASSIFICATION, oneHot, f, alongK, outputs, rho);
            double slope = (crossEntropy.applyAsDouble(e) - crossEntropy.applyAsDouble(-e)) / (2 * e);
            double curvature = (crossEntropy.applyAsDouble(e) - 2 * crossEntropy.applyAsDouble(0)
                    + crossEntropy.applyAsDouble(-e)) / (e * e);
            assertThat(steps[k]).isCloseTo(-slope / curvature, within(1e-5));
        }

        double[] y = random(rows, 3);
        double[] g = random(rows, 4);
        double[] r = new double[rows];
        double[] hr = random(rows, 5);
        Arrays.setAll(r, i -> y[i] - g[i]);
        double rho = Booster.newtonSteps(Task.REGRESSION, r, y, hr, 1)[0];
        DoubleUnaryOperator squared = step -> loss(Task.REGRESSION, y, g, hr, 1, step);
        // the exact line search: the loss is least at ρ
        assertThat((squared.applyAsDouble(rho + e) - squared.applyAsDouble(rho - e)) / (2 * e)).isCloseTo(0,
                within(1e-8));
        assertThat(Booster.newtonSteps(Task.REGRESSION, r, y, new double[rows], 1)).containsExactly(0);
    }

    @Test
    void theFirstOutputsAreTheConstantThatMinimisesTheLoss() {
        PreparedData wine = data("wine");
        double[] bias = Booster.initialBias(wine);
        double[] shares = wine.trainY().sum(0).div(wine.trainRows()).toDoubleVector();
        // softmax(F₀) = the class shares, where the mean cross-entropy of a constant is least
        assertThat(Softmax.of(bias)).containsExactly(shares, within(1e-12));
        PreparedData diabetes = data("diabetes");
        assertThat(Booster.initialBias(diabetes)[0]).isCloseTo(diabetes.trainY().meanNumber().doubleValue(),
                within(1e-12));
    }

    @Test
    void theFirstKStagesAnswerAsTheRunRecordedThemAndEachStageLowersTheTrainingLoss() {
        for (String id : List.of("wine", "diabetes")) {
            PreparedData data = data(id);
            ModelSpec spec = boosted(4, 3, 0.8, 5);
            Model network = network(spec, data, 1);
            List<EpochMetrics> epochs = new ArrayList<>();
            Booster.Boosted boosted = new Booster(new Trainer()).train(spec, network, new AdamSpec(0.02, null, null,
                            null, null), data, new TrainingSettings(20, 16, 1L), TrainingListener.ofEpochs(epochs::add),
                    null, CheckpointSink.NONE);
            assertThat(boosted.outcome().epochsCompleted()).isEqualTo(20);
            assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(
                    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
            BoostedStages stages = boosted.stages();
            assertThat(stages.count()).isEqualTo(4);
            double before = Evaluation.of(firstStages(network, stages, 1, data), Loss.forTask(data.task()),
                    data.task(), data.trainX(), data.trainY(), 1).loss();
            for (int k = 1; k <= 4; k++) {
                Model first = firstStages(network, stages, k, data);
                double trainLoss = Evaluation.of(first, Loss.forTask(data.task()), data.task(), data.trainX(),
                        data.trainY(), 1).loss();
                assertThat(trainLoss).as("%s, stage %d", id, k).isCloseTo(epochs.get(5 * k - 1).trainLoss(),
                        within(1e-12));
                assertThat(trainLoss).as("%s, stage %d", id, k).isLessThanOrEqualTo(before);
                before = trainLoss;
            }
            assertThat(firstStages(network, stages, 4, data).predict(data.valX()).ravel().toDoubleVector())
                    .containsExactly(network.predict(data.valX()).ravel().toDoubleVector(), within(1e-12));
        }
    }

    private static Model firstStages(Model network, BoostedStages stages, int k, PreparedData data) {
        List<LayerValues> layers = stages.first(k, network.values());
        assertThat(layers.get(0).input()).isEqualTo(Shape.features(data.features()));
        return Model.restore(layers, Precision.FLOAT64);
    }

    @Test
    void aRunStoppedWithinAStageContinuesFromTheStageBeforeBitForBit() {
        PreparedData data = data("wine");
        ModelSpec spec = boosted(3, 4, 0.5, 3);
        TrainingSettings settings = new TrainingSettings(9, 16, 7L);
        AdamSpec adam = new AdamSpec(0.02, null, null, null, null);

        Model whole = network(spec, data, 7);
        List<EpochMetrics> wholeEpochs = new ArrayList<>();
        Booster.Boosted uninterrupted = new Booster(new Trainer()).train(spec, whole, adam, data, settings,
                TrainingListener.ofEpochs(wholeEpochs::add), null, CheckpointSink.NONE);

        Model stopped = network(spec, data, 7);
        List<TrainingState> checkpoints = new ArrayList<>();
        // within stage 2 (wine: 9 steps an epoch, 27 a stage)
        Booster.Boosted cancelled = new Booster(new Trainer()).train(spec, stopped, adam, data, settings,
                new StopAfterStep(50), null, checkpoints::add);
        assertThat(cancelled.outcome().cancelled()).isTrue();
        assertThat(checkpoints).hasSize(1);
        TrainingState checkpoint = JSON.readValue(JSON.writeValueAsString(checkpoints.get(0)), TrainingState.class);
        assertThat(checkpoint.epoch()).isEqualTo(4);
        assertThat(checkpoint.stages().count()).isEqualTo(1);

        Model resumed = network(spec, data, 7);
        List<EpochMetrics> resumedEpochs = new ArrayList<>();
        Booster.Boosted continued = new Booster(new Trainer()).train(spec, resumed, adam, data, settings,
                TrainingListener.ofEpochs(resumedEpochs::add), checkpoint, CheckpointSink.NONE);
        assertThat(continued.outcome().steps()).isEqualTo(uninterrupted.outcome().steps());
        assertThat(resumedEpochs).hasSize(6);
        for (int e = 0; e < resumedEpochs.size(); e++) {
            assertThat(withoutTime(resumedEpochs.get(e))).isEqualTo(withoutTime(wholeEpochs.get(e + 3)));
        }
        List<LayerValues> expected = whole.values();
        List<LayerValues> actual = resumed.values();
        for (int layer = 0; layer < expected.size(); layer++) {
            for (int p = 0; p < expected.get(layer).parameters().size(); p++) {
                assertThat(actual.get(layer).parameters().get(p)).containsExactly(
                        expected.get(layer).parameters().get(p));
            }
        }
        for (int k = 0; k < 3; k++) {
            assertThat(continued.stages().outputBias().get(k)).containsExactly(
                    uninterrupted.stages().outputBias().get(k));
        }
    }

    private static EpochMetrics withoutTime(EpochMetrics m) {
        return new EpochMetrics(m.epoch(), m.steps(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(),
                m.validationAccuracy(), m.validationRmse(), m.validationR2(), m.learningRate(), m.gradientNorm(), 0, 0,
                m.epsilon());
    }
}
