package dev.descent.benchmark;

import dev.descent.boosting.Booster;
import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.dataset.Task;
import dev.descent.model.Activation;
import dev.descent.model.BoostingSpec;
import dev.descent.model.Initialization;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.DenseSpec;
import dev.descent.optim.AdamSpec;
import dev.descent.training.CheckpointSink;
import dev.descent.training.EpochMetrics;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;

import java.util.Arrays;
import java.util.List;

/**
 * A boosted network against the same-width MLP trained with Adam as a whole (docs/methods.md), through the server's
 * Trainer and Booster: on wine, breast-cancer, digits and diabetes (regression), the held-out accuracy (RMSE) of
 * {@code --boosting-stages} (10) stages of {@code --boosting-units} (20) ReLU units, shrinkage
 * {@code --boosting-shrinkage} (0.3), each stage {@code --boosting-epochs} (40) epochs, against an MLP of stages × units ReLU units for the same epochs, both with
 * Adam γ 0.01 and batch 32, over {@code --boosting-seeds} (3) seeds (each its own validation split of 20%). The bar:
 * within 1 point of accuracy, or 5% of the RMSE. Run:
 * {@code ./mvnw -q test-compile exec:java@benchmark -Dexec.args="--boosting"}.
 */
final class BoostingBar {

    private static final int BATCH = 32;

    private BoostingBar() {
    }

    static void run(CommandLine options) {
        int stages = options.intValue("--boosting-stages", 10);
        int units = options.intValue("--boosting-units", 20);
        int epochsPerStage = options.intValue("--boosting-epochs", 40);
        int seeds = options.intValue("--boosting-seeds", 3);
        double shrinkage = options.doubleValue("--boosting-shrinkage", 0.3);
        double rate = options.doubleValue("--boosting-rate", 0.01);
        AdamSpec adam = new AdamSpec(rate, null, null, null, null);
        List<String> datasets = List.of(options.stringValue("--boosting-datasets", "wine,breast-cancer,digits,diabetes")
                .split(","));
        int epochs = stages * epochsPerStage;
        System.out.printf("descent benchmark --boosting: %d stages × %d ReLU units (shrinkage %s, %d epochs a stage) "
                + "against an MLP of %d ReLU units for %d epochs; Adam γ %s, batch %d, seeds 1–%d, 20%% held out; "
                + "load average %s%n%n", stages, units, shrinkage, epochsPerStage, stages * units, epochs, rate, BATCH,
                seeds, Benchmark.loadAverage());
        System.out.printf("| dataset | metric | boosted | MLP | difference | bar |%n|---|---|---|---|---|---|%n");
        boolean allMet = true;
        for (String id : datasets) {
            double[] boosted = new double[seeds];
            double[] mlp = new double[seeds];
            Task task = null;
            for (int seed = 1; seed <= seeds; seed++) {
                PreparedData data = DataPreparation.prepare(new BuiltInDatasets().load(id, null).orElseThrow(), 0.2,
                        seed, true, Precision.FLOAT32.dataType());
                task = data.task();
                TrainingSettings settings = new TrainingSettings(epochs, BATCH, (long) seed);
                ModelSpec boostedSpec = new ModelSpec(null, null, Initialization.HE, Precision.FLOAT32, null, null,
                        new BoostingSpec(stages, units, shrinkage, epochsPerStage, Activation.RELU), null);
                EpochMetrics[] last = new EpochMetrics[1];
                new Booster(new Trainer()).train(boostedSpec, network(boostedSpec, data, seed), adam, data, settings,
                        TrainingListener.ofEpochs(epoch -> last[0] = epoch), null, CheckpointSink.NONE);
                boosted[seed - 1] = quality(task, last[0]);
                ModelSpec mlpSpec = new ModelSpec(List.of(new DenseSpec(stages * units, Activation.RELU, 0.0)),
                        Initialization.HE, Precision.FLOAT32);
                new Trainer().train(network(mlpSpec, data, seed), adam, data, settings,
                        TrainingListener.ofEpochs(epoch -> last[0] = epoch));
                mlp[seed - 1] = quality(task, last[0]);
            }
            double b = Arrays.stream(boosted).average().orElseThrow();
            double m = Arrays.stream(mlp).average().orElseThrow();
            boolean met = task == Task.CLASSIFICATION ? b >= m - 0.01 : b <= 1.05 * m;
            allMet &= met;
            System.out.printf("| %s | %s | %s | %s | %s | %s |%n", id,
                    task == Task.CLASSIFICATION ? "accuracy" : "RMSE", format(task, b), format(task, m),
                    task == Task.CLASSIFICATION ? String.format("%+.2f points", 100 * (b - m))
                            : String.format("%+.1f%%", 100 * (b / m - 1)), met ? "met" : "NOT met");
        }
        System.out.printf("%nbar (within 1 point of accuracy, 5%% of RMSE, on every dataset): %s%n",
                allMet ? "met" : "NOT met");
    }

    private static Model network(ModelSpec spec, PreparedData data, long seed) {
        return Model.create(spec, Shape.features(data.features()), data.outputs(), seed);
    }

    private static double quality(Task task, EpochMetrics epoch) {
        return task == Task.CLASSIFICATION ? epoch.validationAccuracy() : epoch.validationRmse();
    }

    private static String format(Task task, double value) {
        return task == Task.CLASSIFICATION ? String.format("%.2f%%", 100 * value) : String.format("%.2f", value);
    }
}
