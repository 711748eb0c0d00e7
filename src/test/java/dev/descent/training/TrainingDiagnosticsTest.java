package dev.descent.training;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.diagnostics.ClippingSpec;
import dev.descent.diagnostics.CoherenceSpec;
import dev.descent.diagnostics.Diagnostic;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.diagnostics.DiagnosticsSpec;
import dev.descent.diagnostics.LayerStatisticsSpec;
import dev.descent.diagnostics.SharpnessSpec;
import dev.descent.diagnostics.SuboptimalitySpec;
import dev.descent.model.Activation;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.DenseSpec;
import dev.descent.optim.AdamSpec;
import dev.descent.optim.GradientTransforms;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.SgdSpec;
import dev.descent.privacy.PrivacySpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrainingDiagnosticsTest {

    private static final PreparedData IRIS = DataPreparation.prepare(new BuiltInDatasets().load("iris", null)
            .orElseThrow(), 0.2, 0, true, Precision.FLOAT64.dataType());
    private static final DiagnosticsSpec ALL_BUT_PRIVATE = new DiagnosticsSpec(new CoherenceSpec(3, 32),
            new SharpnessSpec(null, null, 64, 10, null), new LayerStatisticsSpec(null), null, null);

    private record Run(List<StepMetrics> steps, List<EpochMetrics> epochs, List<DiagnosticPoint> diagnostics) {

        List<Double> values(Diagnostic metric, int layer) {
            return diagnostics.stream().filter(p -> p.metric() == metric && p.layer() == layer)
                    .map(DiagnosticPoint::value).toList();
        }
    }

    private static Run train(ModelSpec spec, OptimizerSpec optimizer, TrainingSettings settings) {
        Run run = new Run(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Model model = Model.create(spec, settings.modelInput(Shape.features(IRIS.features())), IRIS.outputs(),
                settings.seed());
        new Trainer().train(model, new Loss.CrossEntropy(), optimizer, IRIS, settings, new TrainingListener() {
            @Override
            public void onStep(StepMetrics step) {
                run.steps().add(step);
            }

            @Override
            public void onEpoch(EpochMetrics epoch) {
                run.epochs().add(epoch);
            }

            @Override
            public void onDiagnostics(List<DiagnosticPoint> points) {
                run.diagnostics().addAll(points);
            }
        }, null, CheckpointSink.NONE);
        return run;
    }

    private static ModelSpec mlp(double dropout) {
        return new ModelSpec(List.of(new DenseSpec(8, Activation.TANH, dropout), new DenseSpec(6, Activation.RELU,
                0.0)), null, Precision.FLOAT64);
    }

    @Test
    void aRunWithDiagnosticsTrainsBitForBitAsOneWithout() {
        TrainingSettings plain = new TrainingSettings(4, 16, 3L);
        AdamSpec adam = new AdamSpec(0.01, null, null, null, null);
        Run without = train(mlp(0.2), adam, plain);
        Run with = train(mlp(0.2), adam, plain.withDiagnostics(ALL_BUT_PRIVATE));

        assertThat(with.steps()).isEqualTo(without.steps());
        assertThat(with.epochs().stream().map(EpochMetrics::validationLoss).toList())
                .isEqualTo(without.epochs().stream().map(EpochMetrics::validationLoss).toList());
        assertThat(without.diagnostics()).isEmpty();
        int steps = with.steps().size();
        assertThat(with.values(Diagnostic.COHERENCE, 0)).hasSize(steps / 3);
        assertThat(with.values(Diagnostic.SHARPNESS, 0)).hasSize(4).allMatch(v -> v > 0);
        for (int layer = 1; layer <= 3; layer++) {
            assertThat(with.values(Diagnostic.LAYER_GRADIENT_NORM, layer)).hasSize(steps);
        }
        // a step's values come after it and before the next: in step order
        List<Long> order = with.diagnostics().stream().map(DiagnosticPoint::step).toList();
        assertThat(order).isSorted();
    }

    /** With plain SGD Δθ_l = η g_l, so the update ratio is η‖g_l‖/‖θ_l‖; the layers' ‖g_l‖² add up to ‖g‖². */
    @Test
    void layerStatisticsAgreeWithTheStepAndTheGlobalNorm() {
        double eta = 0.05;
        Run run = train(mlp(0), new SgdSpec(eta, null, null, null, null), new TrainingSettings(2, 16, 1L)
                .withDiagnostics(new DiagnosticsSpec(null, null, new LayerStatisticsSpec(1), null, null)));
        for (int s = 0; s < run.steps().size(); s++) {
            double squared = 0;
            for (int layer = 1; layer <= 3; layer++) {
                double gradient = run.values(Diagnostic.LAYER_GRADIENT_NORM, layer).get(s);
                double weights = run.values(Diagnostic.LAYER_WEIGHT_NORM, layer).get(s);
                assertThat(run.values(Diagnostic.LAYER_UPDATE_RATIO, layer).get(s))
                        .isCloseTo(eta * gradient / weights, within(1e-12));
                squared += gradient * gradient;
            }
            assertThat(Math.sqrt(squared)).isCloseTo(run.steps().get(s).gradientNorm(), within(1e-12));
        }
    }

    @Test
    void privateStepsReportTheFractionClippedAndTheMeanNorm() {
        DiagnosticsSpec clipping = new DiagnosticsSpec(null, null, null, new ClippingSpec(null), null);
        for (double clipNorm : new double[]{1e-6, 1e6}) {
            PrivacySpec privacy = new PrivacySpec(clipNorm, 1.0, 1e-5, null, null, null, null, null);
            Run run = train(mlp(0), new SgdSpec(0.1, null, null, null, null), new TrainingSettings(2, 32, null, 1L,
                    null, null, null, null, null, null, privacy).withDiagnostics(clipping));
            List<Double> fractions = run.values(Diagnostic.CLIPPED_FRACTION, 0);
            assertThat(fractions).hasSize(run.steps().size());
            // Poisson batches may be empty: then nothing was clipped
            assertThat(fractions).allMatch(f -> f == (clipNorm < 1 ? 1.0 : 0.0) || f == 0.0);
            assertThat(run.values(Diagnostic.MEAN_EXAMPLE_GRADIENT_NORM, 0)).anyMatch(n -> n > 0);
        }
    }

    @Test
    void gradientDescentOnAStronglyConvexProblemClosesTheSuboptimalityGap() {
        ModelSpec linear = new ModelSpec(List.of(), null, Precision.FLOAT64);
        TrainingSettings settings = new TrainingSettings(40, 1000, null, 1L, null, null,
                new GradientTransforms(null, null, 0.01), null, null, null, null)
                .withDiagnostics(new DiagnosticsSpec(null, null, null, null, new SuboptimalitySpec(null, null)));
        List<Double> gap = train(linear, new SgdSpec(0.5, null, null, null, null), settings)
                .values(Diagnostic.SUBOPTIMALITY, 0);
        assertThat(gap).hasSize(40);
        for (int i = 1; i < gap.size(); i++) {
            assertThat(gap.get(i)).isLessThan(gap.get(i - 1)).isGreaterThanOrEqualTo(-1e-12);
        }
        assertThat(gap.get(39)).isLessThan(gap.get(0) / 10);
    }
}
