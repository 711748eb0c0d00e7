package dev.descent.benchmark;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.diagnostics.Diagnostic;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.model.Activation;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.DenseSpec;
import dev.descent.optim.AdagradSpec;
import dev.descent.training.AdaptiveBatchSpec;
import dev.descent.training.EpochMetrics;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * Growing batches against fixed ones on digits with AdaGrad, the optimizer AdAdaGrad names (docs/methods.md): for
 * each run the steps taken, the batch sizes of each epoch's first step, held-out accuracy and time. Run:
 * {@code ./mvnw -q test-compile exec:java@benchmark -Dexec.args="--adaptive-batch"}.
 */
final class AdaptiveBatchBar {

    private static final ModelSpec MLP = new ModelSpec(List.of(new DenseSpec(64, Activation.RELU, 0.0)), null,
            Precision.FLOAT32);

    private AdaptiveBatchBar() {
    }

    static void run(CommandLine options) {
        int epochs = options.intValue("--adaptive-epochs", 20);
        PreparedData digits = DataPreparation.prepare(new BuiltInDatasets().load("digits", null).orElseThrow(), 0.2,
                0, true, Precision.FLOAT32.dataType());
        System.out.printf("descent benchmark --adaptive-batch: digits (%d training rows), MLP 64-64-10, AdaGrad γ 0.1, "
                + "%d epochs, seed 1; load average %s%n", digits.trainRows(), epochs, Benchmark.loadAverage());
        run(digits, "fixed batch 8", new TrainingSettings(epochs, 8, 1L));
        run(digits, "fixed batch 256", new TrainingSettings(epochs, 256, 1L));
        for (AdaptiveBatchSpec.Test test : AdaptiveBatchSpec.Test.values()) {
            for (String theta : List.of("0.5", "1", "2")) {
                AdaptiveBatchSpec spec = new AdaptiveBatchSpec(test, Double.parseDouble(theta), 256);
                run(digits, test.name().toLowerCase().replace('_', '-') + " test, θ " + theta + ", from 8 to ≤ 256",
                        new TrainingSettings(epochs, 8, 1L).withAdaptiveBatch(spec));
            }
        }
    }

    private static void run(PreparedData data, String name, TrainingSettings settings) {
        Model model = Model.create(MLP, Shape.features(data.features()), data.outputs(), 1);
        List<EpochMetrics> epochs = new ArrayList<>();
        List<Integer> firstSizes = new ArrayList<>();
        long started = System.nanoTime();
        new Trainer().train(model, new AdagradSpec(0.1, null, null, null), data, settings, TrainingListener.of(epochs::add,
                points -> points.stream().filter(p -> p.metric() == Diagnostic.BATCH_SIZE
                        && firstSizes.size() < p.epoch()).forEach(p -> firstSizes.add((int) p.value()))));
        EpochMetrics last = epochs.get(epochs.size() - 1);
        System.out.printf("  %-42s %5d steps, held-out accuracy %.2f%%, %.1f s%s%n", name, last.steps(),
                100 * last.validationAccuracy(), (System.nanoTime() - started) / 1e9,
                firstSizes.isEmpty() ? "" : ", batch at each epoch's start " + firstSizes);
    }
}
