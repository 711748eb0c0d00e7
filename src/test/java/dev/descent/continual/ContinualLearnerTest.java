package dev.descent.continual;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.diagnostics.Diagnostic;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.LayerValues;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.DenseSpec;
import dev.descent.optim.AdamSpec;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.SgdSpec;
import dev.descent.training.EpochMetrics;
import dev.descent.training.StopAfterStep;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;
import dev.descent.training.TrainingState;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Continual learning against what the method says (docs/methods.md), in float64: OGD keeps a linear model's kept
 * logits exactly where the task left them while SGD moves them, each task's end records the accuracy on every task so
 * far, the report derives the matrix's forgetting, and runs stopped within and between tasks resume bit for bit.
 */
class ContinualLearnerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final PreparedData DIGITS = DataPreparation.prepare(new BuiltInDatasets().load("digits", null)
            .orElseThrow(), 0.2, 0, true, Precision.FLOAT64.dataType());

    private static Model model(List<DenseSpec> hidden, long seed) {
        ModelSpec spec = new ModelSpec(hidden, null, Initialization.HE, Precision.FLOAT64, null, null, null, null);
        return Model.create(spec, Shape.features(DIGITS.features()), DIGITS.outputs(), seed);
    }

    private static TrainingSettings settings(int epochs, long seed, ContinualSpec continual) {
        TrainingSettings plain = new TrainingSettings(epochs, 64, seed);
        return new TrainingSettings(plain.epochs(), plain.batchSize(), null, plain.seed(), null, null, null, null,
                null, null, null, null, null, null, continual);
    }

    private static ContinualSpec tasks(ContinualMethod method, int memory) {
        return new ContinualSpec(List.of(new PermutedTask(null), new PermutedTask(1L),
                new ClassesTask(List.of("0", "1", "2", "3", "4"))), method, memory);
    }

    /** The label's logit f_y(x) at each of task 1's kept rows, with the network as it is. */
    private static double[] keptLogits(Model network, ContinualSpec spec, long seed) {
        PreparedData task = spec.tasks().get(0).view(DIGITS);
        int[] rows = SeededRows.sample(task.trainRows(), spec.memoryPerTask(), TrainingSettings.partSeed(seed, -1));
        double[] logits = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            INDArray output = network.predict(task.trainX().getRow(rows[i]).reshape(1, task.features()));
            logits[i] = output.getDouble(0, task.trainY().getRow(rows[i]).argMax().getInt(0));
        }
        return logits;
    }

    /** The kept logits after task 1 and after the run, for a linear model trained by plain SGD. */
    private static double[][] logitsAfterTaskOneAndAtTheEnd(ContinualMethod method) {
        ContinualSpec spec = new ContinualSpec(List.of(new PermutedTask(null), new PermutedTask(1L)), method, 40);
        Model network = model(List.of(), 2);
        double[][] logits = new double[2][];
        new ContinualLearner(new Trainer()).train(network, Loss.forTask(DIGITS.task()),
                new SgdSpec(0.05, null, null, null, null), DIGITS, settings(2, 2, spec),
                TrainingListener.of(epoch -> {
                }, points -> {
                    if (points.size() == 1) {
                        logits[0] = keptLogits(network, spec, 2);
                    }
                }), null, state -> {
                });
        logits[1] = keptLogits(network, spec, 2);
        return logits;
    }

    @Test
    void ogdKeepsALinearModelsKeptLogitsWhereTheFirstTaskLeftThemAndSgdMovesThem() {
        // f_y(x) is linear in the weights of a linear model: steps orthogonal to ∇f_y(x) leave it exactly unchanged
        double[][] ogd = logitsAfterTaskOneAndAtTheEnd(ContinualMethod.OGD);
        assertThat(ogd[1]).containsExactly(ogd[0], within(1e-9));
        double[][] sgd = logitsAfterTaskOneAndAtTheEnd(ContinualMethod.SGD);
        double moved = 0;
        for (int i = 0; i < sgd[0].length; i++) {
            moved = Math.max(moved, Math.abs(sgd[1][i] - sgd[0][i]));
        }
        assertThat(moved).isGreaterThan(0.1);
    }

    @Test
    void eachTaskEndRecordsTheAccuracyOnEveryTaskSoFarAndTheReportDerivesForgetting() {
        ContinualSpec spec = tasks(ContinualMethod.OGD, 20);
        List<DiagnosticPoint> points = new ArrayList<>();
        List<EpochMetrics> epochs = new ArrayList<>();
        var outcome = new ContinualLearner(new Trainer()).train(model(List.of(new DenseSpec(16, Activation.TANH,
                        null)), 1), Loss.forTask(DIGITS.task()), new AdamSpec(0.01, null, null, null, null), DIGITS,
                settings(2, 1, spec), TrainingListener.of(epochs::add, points::addAll), null, state -> {
                });
        assertThat(outcome.epochsCompleted()).isEqualTo(6);
        assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(points).extracting(DiagnosticPoint::metric).containsOnly(Diagnostic.TASK_ACCURACY);
        assertThat(points).extracting(DiagnosticPoint::layer).containsExactly(1, 1, 2, 1, 2, 3);
        assertThat(points).extracting(DiagnosticPoint::epoch).containsExactly(2, 4, 4, 6, 6, 6);
        // the task in training is validated as the run goes: its last epoch's validation accuracy is its entry
        assertThat(points.get(2).value()).isCloseTo(epochs.get(3).validationAccuracy(), within(1e-12));
        assertThat(points.get(0).value()).isGreaterThan(0.8);

        ContinualReport report = ContinualReport.of(spec, points);
        assertThat(report.tasks()).containsExactly("identity", "permuted 1", "classes 0, 1, 2, 3, 4");
        assertThat(report.accuracy()).hasSize(3);
        assertThat(report.accuracy().get(2)).hasSize(3);
        assertThat(report.forgetting()).hasSize(2);
    }

    @Test
    void theReportsForgettingIsEachTasksBestEarlierAccuracyLessItsLast() {
        List<DiagnosticPoint> points = List.of(point(1, 10, 0.9), point(1, 20, 0.8), point(2, 20, 0.95),
                point(3, 30, 0.99), point(1, 30, 0.7), point(2, 30, 0.9));
        ContinualReport report = ContinualReport.of(tasks(ContinualMethod.SGD, 1), points);
        assertThat(report.accuracy()).containsExactly(List.of(0.9), List.of(0.8, 0.95), List.of(0.7, 0.9, 0.99));
        assertThat(report.forgetting()).containsExactly(List.of(0.9 - 0.7, 0.95 - 0.9).toArray(new Double[0]));
        assertThat(report.averageAccuracy()).isCloseTo((0.7 + 0.9 + 0.99) / 3, within(1e-15));
    }

    private static DiagnosticPoint point(int task, long step, double value) {
        return new DiagnosticPoint(Diagnostic.TASK_ACCURACY, task, step, 0, value);
    }

    @Test
    void tasksAreViewsOfTheDatasetPermutedOrOfSomeClasses() {
        PreparedData permuted = new PermutedTask(7L).view(DIGITS);
        int[] order = new PermutedTask(7L).permutation(DIGITS.features());
        assertThat(order).doesNotHaveDuplicates().hasSize(64);
        for (int j = 0; j < 64; j++) {
            assertThat(permuted.trainX().getDouble(5, j)).isEqualTo(DIGITS.trainX().getDouble(5, order[j]));
            assertThat(permuted.valX().getDouble(3, j)).isEqualTo(DIGITS.valX().getDouble(3, order[j]));
        }
        assertThat(new PermutedTask(null).view(DIGITS).trainX()).isSameAs(DIGITS.trainX());
        ClassesTask pair = new ClassesTask(List.of("3", "8"));
        PreparedData split = pair.view(DIGITS);
        int[] labels = split.trainY().argMax(1).toIntVector();
        assertThat(labels).containsOnly(DIGITS.classNames().indexOf("3"), DIGITS.classNames().indexOf("8"));
        assertThat(split.trainRows()).isEqualTo(pair.trainRows(DIGITS)).isBetween(250, 320);
        assertThat(split.valY().argMax(1).toIntVector()).containsOnly(DIGITS.classNames().indexOf("3"),
                DIGITS.classNames().indexOf("8"));
    }

    @Test
    void runsStoppedWithinATaskOrBetweenTasksResumeBitForBit() {
        ContinualSpec spec = tasks(ContinualMethod.OGD, 10);
        TrainingSettings settings = settings(2, 3, spec);
        OptimizerSpec sgd = new SgdSpec(0.05, 0.9, null, null, null);
        List<DenseSpec> hidden = List.of(new DenseSpec(8, Activation.TANH, null));

        Model whole = model(hidden, 3);
        List<EpochMetrics> wholeEpochs = new ArrayList<>();
        new ContinualLearner(new Trainer()).train(whole, Loss.forTask(DIGITS.task()), sgd, DIGITS, settings,
                TrainingListener.ofEpochs(wholeEpochs::add), null, state -> {
                });

        // digits: 1437 training rows, 23 steps an epoch, 46 a task; step 60 is within task 2's first epoch
        List<TrainingState> checkpoints = new ArrayList<>();
        var stopped = new ContinualLearner(new Trainer()).train(model(hidden, 3), Loss.forTask(DIGITS.task()), sgd,
                DIGITS, settings, new StopAfterStep(60), null, checkpoints::add);
        assertThat(stopped.cancelled()).isTrue();
        assertThat(checkpoints).hasSize(2);
        TrainingState between = roundTrip(checkpoints.get(0));
        TrainingState within = roundTrip(checkpoints.get(1));
        assertThat(between.epoch()).isEqualTo(3);
        assertThat(between.continual().tasksDone()).isEqualTo(1);
        assertThat(within.epoch()).isEqualTo(3);
        assertThat(within.step()).isEqualTo(60);

        for (TrainingState checkpoint : List.of(between, within)) {
            Model resumed = model(hidden, 3);
            List<EpochMetrics> resumedEpochs = new ArrayList<>();
            new ContinualLearner(new Trainer()).train(resumed, Loss.forTask(DIGITS.task()), sgd, DIGITS, settings,
                    TrainingListener.ofEpochs(resumedEpochs::add), checkpoint, state -> {
                    });
            List<EpochMetrics> expected = wholeEpochs.subList(checkpoint.epoch() - 1, wholeEpochs.size());
            assertThat(resumedEpochs).hasSameSizeAs(expected);
            for (int e = 0; e < expected.size(); e++) {
                assertThat(resumedEpochs.get(e).trainLoss()).isEqualTo(expected.get(e).trainLoss());
                assertThat(resumedEpochs.get(e).validationAccuracy()).isEqualTo(expected.get(e).validationAccuracy());
            }
            assertSameWeights(resumed.values(), whole.values());
        }
    }

    private static TrainingState roundTrip(TrainingState state) {
        return JSON.readValue(JSON.writeValueAsString(state), TrainingState.class);
    }

    private static void assertSameWeights(List<LayerValues> actual, List<LayerValues> expected) {
        for (int layer = 0; layer < expected.size(); layer++) {
            for (int p = 0; p < expected.get(layer).parameters().size(); p++) {
                assertThat(actual.get(layer).parameters().get(p)).containsExactly(
                        expected.get(layer).parameters().get(p));
            }
        }
    }
}
