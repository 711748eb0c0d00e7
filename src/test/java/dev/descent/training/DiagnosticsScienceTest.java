package dev.descent.training;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.diagnostics.CoherenceSpec;
import dev.descent.diagnostics.Diagnostic;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.diagnostics.DiagnosticsSpec;
import dev.descent.diagnostics.SharpnessSpec;
import dev.descent.model.Activation;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.DenseSpec;
import dev.descent.optim.SgdSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The two bars of issue 17 that show the science: coherence separates real from random labels; progressive sharpening. */
class DiagnosticsScienceTest {

    private static final BuiltInDatasets DATASETS = new BuiltInDatasets();

    private static List<DiagnosticPoint> train(Model model, Loss loss, double learningRate, PreparedData data,
                                               TrainingSettings settings) {
        List<DiagnosticPoint> points = new ArrayList<>();
        new Trainer().train(model, loss, new SgdSpec(learningRate, null, null, null, null), data, settings,
                new TrainingListener() {
                    @Override
                    public void onStep(StepMetrics step) {
                    }

                    @Override
                    public void onEpoch(EpochMetrics epoch) {
                    }

                    @Override
                    public void onDiagnostics(List<DiagnosticPoint> measured) {
                        points.addAll(measured);
                    }
                }, null, CheckpointSink.NONE);
        return points;
    }

    private static double[] values(List<DiagnosticPoint> points, Diagnostic metric) {
        return points.stream().filter(p -> p.metric() == metric).mapToDouble(DiagnosticPoint::value).toArray();
    }

    /** The same rows with their labels permuted (seeded): the classes stay as frequent, the pairing is gone. */
    private static PreparedData shuffledLabels(PreparedData data, long seed) {
        int rows = data.trainRows();
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        INDArray y = data.trainY().getRows(order);
        return new PreparedData(data.task(), data.classNames(), data.trainX(), y, null, null, data.standardization());
    }

    /**
     * Chatterjee and Zielinski: per-example gradients of real labels help each other (coherence well above 1) while
     * those of random labels are nearly orthogonal (near 1). m = 1024: α grows with m where gradients agree.
     */
    @Test
    void coherenceOnTrueLabelsExceedsCoherenceOnShuffledLabelsInTheFirstEpoch() {
        PreparedData mnist = DataPreparation.prepare(DATASETS.load("mnist", null).orElseThrow(), 0, 0, false,
                Precision.FLOAT32.dataType()).withTrainingRows(0, 4000);
        DiagnosticsSpec coherence = new DiagnosticsSpec(new CoherenceSpec(25, 1024), null, null, null, null);
        TrainingSettings settings = new TrainingSettings(1, 32, 1L).withDiagnostics(coherence);
        ModelSpec mlp = new ModelSpec(List.of(new DenseSpec(128, Activation.RELU, 0.0)), null, Precision.FLOAT32);
        double[] real = values(train(Model.create(mlp, Shape.features(784), 10, 1), new Loss.CrossEntropy(), 0.01,
                mnist, settings), Diagnostic.COHERENCE);
        double[] random = values(train(Model.create(mlp, Shape.features(784), 10, 1), new Loss.CrossEntropy(), 0.01,
                shuffledLabels(mnist, 2), settings), Diagnostic.COHERENCE);
        System.out.println("coherence after steps 25, 50, …, true labels:     " + java.util.Arrays.toString(real));
        System.out.println("coherence after steps 25, 50, …, shuffled labels: " + java.util.Arrays.toString(random));

        assertThat(real).hasSize(5).hasSameSizeAs(random);
        for (int i = 0; i < real.length; i++) {
            assertThat(real[i]).isGreaterThan(3 * random[i]);
        }
        assertThat(mean(real)).isGreaterThan(4 * mean(random));
    }

    /**
     * Cohen et al. 2021: under full-batch gradient descent with step η, λ_max rises (progressive sharpening) until it
     * reaches 2/η, then hovers there (the edge of stability). Mean squared error on one-hot digits, a tanh MLP from
     * a small initialisation (the weights halved), where sharpening shows within a few thousand steps.
     */
    @Test
    void fullBatchGradientDescentSharpensToTwoOverTheStepAndStaysThere() {
        PreparedData digits = DataPreparation.prepare(DATASETS.load("digits", null).orElseThrow(), 0, 0, true,
                Precision.FLOAT64.dataType()).withTrainingRows(0, 200);
        double eta = 1.0;
        double edge = 2 / eta;
        DiagnosticsSpec sharpness = new DiagnosticsSpec(null, new SharpnessSpec(null, 25, 200, 20, 1e-3), null, null,
                null);
        TrainingSettings settings = new TrainingSettings(2500, 200, 1L).withDiagnostics(sharpness);
        ModelSpec mlp = new ModelSpec(List.of(new DenseSpec(64, Activation.TANH, 0.0)), null, Precision.FLOAT64);
        Model model = Model.create(mlp, Shape.features(64), 10, 1);
        model.parameters().forEach(p -> p.muli(0.5));
        double[] curve = values(train(model, new Loss.MeanSquaredError(), eta, digits, settings),
                Diagnostic.SHARPNESS);
        System.out.println("sharpness every 25 steps (2/η = " + edge + "): " + java.util.Arrays.toString(curve));

        assertThat(curve[0]).isLessThan(0.6 * edge);
        int reached = 0;
        while (reached < curve.length && curve[reached] < 0.95 * edge) {
            reached++;
        }
        assertThat(reached).as("steps before λ_max reaches 2/η").isLessThan(curve.length - 20);
        for (int i = reached; i < curve.length; i++) {
            assertThat(curve[i]).as("λ_max after step " + 25 * (i + 1)).isBetween(0.9 * edge, 1.1 * edge);
        }
    }

    private static double mean(double[] values) {
        return java.util.Arrays.stream(values).average().orElseThrow();
    }
}
