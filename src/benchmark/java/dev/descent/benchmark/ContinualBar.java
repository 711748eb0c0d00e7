package dev.descent.benchmark;

import dev.descent.continual.ContinualLearner;
import dev.descent.continual.ContinualMethod;
import dev.descent.continual.ContinualReport;
import dev.descent.continual.ContinualSpec;
import dev.descent.continual.PermutedTask;
import dev.descent.continual.TaskSpec;
import dev.descent.dataset.PreparedData;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.DenseSpec;
import dev.descent.optim.SgdSpec;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Orthogonal gradient descent against plain SGD on permuted MNIST, the setting of Farajtabar et al. 2020: a 2×100 ReLU
 * MLP, plain SGD with a small learning rate ({@code --continual-rate}, 0.01), batch {@code --continual-batch} (32),
 * {@code --continual-epochs} (1) epochs per task, {@code --continual-tasks} (5) tasks (the rows as they are, then
 * permutations 1, 2, …), OGD keeping {@code --continual-memory} (100) directions per task; all 60,000 training rows,
 * each task measured on the 10,000 mnist-test rows permuted alike. Prints both runs' task × task matrices and their
 * mean accuracy over all tasks after the last. The bar: OGD's mean above SGD's. Run:
 * {@code ./mvnw -q test-compile exec:java@benchmark -Dexec.args="--continual"}.
 */
final class ContinualBar {

    private ContinualBar() {
    }

    static void run(CommandLine options) {
        int tasks = options.intValue("--continual-tasks", 5);
        int epochs = options.intValue("--continual-epochs", 1);
        int batch = options.intValue("--continual-batch", 32);
        int memory = options.intValue("--continual-memory", 100);
        double rate = options.doubleValue("--continual-rate", 0.01);
        PreparedData data = TrActBar.mnistHeldOutOnTest();
        List<TaskSpec> sequence = Stream.concat(Stream.of(new PermutedTask(null)),
                LongStream.rangeClosed(1, tasks - 1).mapToObj(PermutedTask::new)).map(TaskSpec.class::cast).toList();
        System.out.printf("descent benchmark --continual: permuted MNIST, %d tasks of %,d rows, MLP 784-100-100-10 "
                + "ReLU, SGD γ %s, batch %d, %d epoch(s) per task, float32, seed 1; OGD keeps %d directions per task; "
                + "accuracy on mnist-test (%,d rows) permuted as each task; load average %s%n%n", tasks,
                data.trainRows(), rate, batch, epochs, memory, data.valX().rows(), Benchmark.loadAverage());
        for (ContinualMethod method : ContinualMethod.values()) {
            ContinualSpec spec = new ContinualSpec(sequence, method, memory);
            ModelSpec model = new ModelSpec(List.of(new DenseSpec(100, Activation.RELU, null),
                    new DenseSpec(100, Activation.RELU, null)), null, Initialization.HE, Precision.FLOAT32, null,
                    null, null, null);
            Model network = Model.create(model, Shape.features(data.features()), data.outputs(), 1);
            TrainingSettings plain = new TrainingSettings(epochs, batch, 1L);
            TrainingSettings settings = new TrainingSettings(plain.epochs(), plain.batchSize(), null, plain.seed(),
                    null, null, null, null, null, null, null, null, null, null, spec);
            List<DiagnosticPoint> points = new ArrayList<>();
            long started = System.nanoTime();
            new ContinualLearner(new Trainer()).train(network, Loss.forTask(data.task()),
                    new SgdSpec(rate, null, null, null, null), data, settings, TrainingListener.of(epoch -> {
                    }, points::addAll), null, state -> {
                    });
            double seconds = (System.nanoTime() - started) / 1e9;
            ContinualReport report = ContinualReport.of(spec, points);
            System.out.printf("%s (%.0f s): accuracy on each task (%%) after each task%n", method.id(), seconds);
            for (int i = 0; i < report.accuracy().size(); i++) {
                System.out.printf("  after task %d: %s%n", i + 1, report.accuracy().get(i).stream()
                        .map(a -> String.format("%.2f", 100 * a)).collect(Collectors.joining(", ")));
            }
            System.out.printf("  mean over all tasks after the last: %.2f%%; forgetting per task: %s%n%n",
                    100 * report.averageAccuracy(), report.forgetting().stream()
                            .map(f -> String.format("%.2f", 100 * f)).collect(Collectors.joining(", ")));
        }
    }
}
