package dev.descent.benchmark;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.model.Activation;
import dev.descent.model.FirstLayerSpec;
import dev.descent.model.Initialization;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.TrActSpec;
import dev.descent.model.layer.Conv2dSpec;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.layer.DropoutSpec;
import dev.descent.model.layer.FlattenSpec;
import dev.descent.model.layer.LayerSpec;
import dev.descent.model.layer.MaxPool2dSpec;
import dev.descent.model.layer.Padding;
import dev.descent.optim.SgdSpec;
import dev.descent.optim.schedule.CosineSchedule;
import dev.descent.training.EpochMetrics;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * TrAct against plain training on the CNN of docs/layers.md (conv 32 5×5 same, max-pool 2, conv 64 5×5 same,
 * max-pool 2, dense 128, dropout 0.25; ReLU) through the server's Trainer: all 60,000 MNIST training rows, SGD γ 0.05
 * with momentum 0.9 and a cosine schedule, batch 128, float32, {@code --tract-epochs} (10) epochs, each epoch
 * measured on the 10,000 mnist-test rows; TrAct with λ {@code --tract-lambda} (0.1, the paper's). Prints each run's
 * test accuracy per epoch and the first epoch at 99%. Run:
 * {@code ./mvnw -q test-compile exec:java@benchmark -Dexec.args="--tract"}.
 */
final class TrActBar {

    private static final int BATCH = 128;
    private static final double TARGET = 0.99;

    private TrActBar() {
    }

    static void run(CommandLine options) {
        int epochs = options.intValue("--tract-epochs", 10);
        double lambda = options.doubleValue("--tract-lambda", 0.1);
        PreparedData data = mnistHeldOutOnTest();
        System.out.printf("descent benchmark --tract: the CNN of docs/layers.md on MNIST (%,d rows), SGD γ 0.05, "
                + "momentum 0.9, cosine over %d epochs, batch %d, float32, seed 1; accuracy on mnist-test (%,d rows) "
                + "after each epoch; load average %s%n%n", data.trainRows(), epochs, BATCH, data.valX().rows(),
                Benchmark.loadAverage());
        System.out.println("| run | test accuracy after each epoch | first epoch at 99% | mean epoch time |");
        System.out.println("|---|---|---|---|");
        for (Double tract : new Double[]{null, lambda}) {
            ModelSpec spec = new ModelSpec(null, layers(), Initialization.HE, Precision.FLOAT32, null, null, null,
                    tract == null ? null : new FirstLayerSpec(new TrActSpec(tract)));
            Model model = Model.create(spec, Shape.image(1, 28, 28), data.outputs(), 1);
            List<EpochMetrics> history = new ArrayList<>();
            TrainingSettings settings = new TrainingSettings(epochs, BATCH, null, 1L, new CosineSchedule(null, null),
                    null, null, null, null, null, null);
            new Trainer().train(model, new SgdSpec(0.05, 0.9, null, null, null), data, settings,
                    TrainingListener.ofEpochs(history::add));
            List<String> accuracies = history.stream()
                    .map(e -> String.format("%.2f", 100 * e.validationAccuracy())).toList();
            int first = history.stream().filter(e -> e.validationAccuracy() >= TARGET).mapToInt(EpochMetrics::epoch)
                    .findFirst().orElse(-1);
            double seconds = history.stream().mapToLong(EpochMetrics::durationMillis).average().orElse(0) / 1000;
            System.out.printf("| %s | %s | %s | %.1f s |%n", tract == null ? "plain SGD" : "TrAct, λ " + tract,
                    String.join(", ", accuracies), first > 0 ? String.valueOf(first) : "not within " + epochs,
                    seconds);
        }
    }

    /**
     * All 60,000 MNIST training rows in float32 as they are (not standardised), with the 10,000 mnist-test rows as
     * the held-out ones, so that every epoch (or task) is measured on them.
     */
    static PreparedData mnistHeldOutOnTest() {
        BuiltInDatasets datasets = new BuiltInDatasets();
        PreparedData train = DataPreparation.prepare(datasets.load("mnist", null).orElseThrow(), 0.0, 0, false,
                DataType.FLOAT);
        PreparedData test = DataPreparation.prepare(datasets.load("mnist-test", null).orElseThrow(), 0.0, 0, false,
                DataType.FLOAT);
        return new PreparedData(train.task(), train.classNames(), train.trainX(), train.trainY(), test.trainX(),
                test.trainY(), train.standardization());
    }

    private static List<LayerSpec> layers() {
        return List.of(new Conv2dSpec(32, List.of(5, 5), null, null, Padding.SAME, Activation.RELU),
                new MaxPool2dSpec(List.of(2, 2), null),
                new Conv2dSpec(64, List.of(5, 5), null, null, Padding.SAME, Activation.RELU),
                new MaxPool2dSpec(List.of(2, 2), null), new FlattenSpec(),
                new DenseSpec(128, Activation.RELU, 0.0), new DropoutSpec(0.25));
    }
}
