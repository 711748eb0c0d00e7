package dev.descent.benchmark;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import org.nd4j.linalg.api.buffer.DataType;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * The CNN's bars, every model trained as a job over HTTP on a server in its own JVM and evaluated on mnist-test
 * through {@code POST /jobs/{id}/evaluate}: the CNN of docs/layers.md (conv 32 5×5 same, max-pool 2, conv 64 5×5
 * same, max-pool 2, dense 128, dropout 0.25; ReLU) for {@code --cnn-epochs} (10) epochs, against 99.2%; its
 * training throughput over the job's steady epochs against PyTorch's on the same model, batch, optimizer and
 * threads for {@code --pytorch-epochs} (3), against 1.0×; unless {@code --no-private}, DP-SGD on a small tanh CNN
 * (the model of Papernot et al. 2021) with σ calibrated to ε = 3 at δ = 1e-5 over {@code --private-epochs} (40),
 * against 97.5% ({@code --private-only}: that alone). Run: {@code ./mvnw -q test-compile exec:java@benchmark -Dexec.args="--cnn"}.
 */
final class CnnBar {

    /** The job of docs/layers.md's example, trained on every MNIST training row. */
    static final String CNN_JOB = """
            {"dataset": {"id": "mnist", "validationSplit": 0.0, "standardize": false},
             "model": {"layers": [
               {"type": "conv2d", "filters": 32, "kernel": [5, 5], "padding": "same"},
               {"type": "max-pool2d", "size": [2, 2]},
               {"type": "conv2d", "filters": 64, "kernel": [5, 5], "padding": "same"},
               {"type": "max-pool2d", "size": [2, 2]},
               {"type": "flatten"},
               {"type": "dense", "units": 128},
               {"type": "dropout", "rate": 0.25}]},
             "optimizer": {"type": "sgd", "learningRate": 0.05, "momentum": 0.9},
             "training": {"epochs": %d, "batchSize": 128, "seed": 1, "schedule": {"type": "cosine"}}}""";

    /** The private job the README gives. */
    static final String PRIVATE_JOB = """
            {"dataset": {"id": "mnist", "validationSplit": 0.0, "standardize": false},
             "model": {"layers": [
               {"type": "conv2d", "filters": 16, "kernel": [8, 8], "stride": [2, 2], "padding": "same", "activation": "tanh"},
               {"type": "max-pool2d", "size": [2, 2], "stride": [1, 1]},
               {"type": "conv2d", "filters": 32, "kernel": [4, 4], "stride": [2, 2], "activation": "tanh"},
               {"type": "max-pool2d", "size": [2, 2], "stride": [1, 1]},
               {"type": "flatten"},
               {"type": "dense", "units": 32, "activation": "tanh"}]},
             "optimizer": {"type": "sgd", "learningRate": %s, "momentum": 0.9},
             "training": {"epochs": %d, "batchSize": %d, "seed": 1,
                          "privacy": {"clipNorm": %s, "targetEpsilon": 3, "delta": 1e-5}}}""";

    private CnnBar() {
    }

    static void run(CommandLine options) throws InterruptedException {
        if (options.flag("--private-only")) {
            try (ServerProcess server = ServerProcess.start(List.of("--descent.executor.workers=1",
                    "--logging.level.root=WARN"))) {
                runPrivate(server, options, 60_000);
            }
            return;
        }
        int epochs = options.intValue("--cnn-epochs", 10);
        int pytorchEpochs = options.intValue("--pytorch-epochs", 3);
        int cores = Runtime.getRuntime().availableProcessors();
        PreparedData mnist = DataPreparation.prepare(new BuiltInDatasets().load("mnist", null).orElseThrow(), 0.0, 0,
                false, DataType.FLOAT);
        System.out.printf("descent benchmark --cnn: MNIST (%,d rows), batch 128, SGD momentum 0.9, float32, %d cores; "
                + "load average %s%n", mnist.trainRows(), cores, Benchmark.loadAverage());
        EpochTimes pytorch = null;
        if (PyTorchRun.available()) {
            try (PyTorchRun torch = PyTorchRun.prepare(mnist)) {
                System.out.printf("%nPyTorch, the same CNN, %d epochs, %d threads%n", pytorchEpochs, cores);
                pytorch = torch.train("cnn", pytorchEpochs, cores);
            }
        } else {
            System.out.println("PyTorch: NOT AVAILABLE, no comparison (Debian: apt-get install python3-torch "
                    + "python3-numpy libopenblas0-pthread)");
        }
        try (ServerProcess server = ServerProcess.start(List.of("--descent.executor.workers=1",
                "--logging.level.root=WARN"))) {
            System.out.printf("%nthe CNN as a job over HTTP, %d epochs (cosine schedule)%n", epochs);
            ApiRun cnn = ApiRun.run(server, CNN_JOB.formatted(epochs), 1, mnist.trainRows()).get(0);
            System.out.printf("  epochs: %s%n", cnn.epochs().describe());
            double accuracy = cnn.accuracyOn(server, "mnist-test");
            double api = EpochTimes.samplesPerSecond(List.of(cnn.epochs()));
            System.out.printf("%nCNN: MNIST test accuracy %.2f%% after %d epochs (bar ≥ 99.2%%: %s)%n", 100 * accuracy,
                    epochs, accuracy >= 0.992 ? "met" : "NOT met");
            if (pytorch != null) {
                double torch = EpochTimes.samplesPerSecond(List.of(pytorch));
                System.out.printf("CNN: API job %,.0f samples/s, PyTorch %,.0f samples/s over steady epochs: %.2f× "
                        + "(bar ≥ 1.0×: %s); fastest epochs %,.0f and %,.0f: %.2f×%n", api, torch, api / torch,
                        api >= torch ? "met" : "NOT met", EpochTimes.fastestSamplesPerSecond(List.of(cnn.epochs())),
                        EpochTimes.fastestSamplesPerSecond(List.of(pytorch)),
                        EpochTimes.fastestSamplesPerSecond(List.of(cnn.epochs()))
                                / EpochTimes.fastestSamplesPerSecond(List.of(pytorch)));
            }
            if (!options.flag("--no-private")) {
                runPrivate(server, options, mnist.trainRows());
            }
        }
    }

    private static void runPrivate(ServerProcess server, CommandLine options, long rows) throws InterruptedException {
        int epochs = options.intValue("--private-epochs", 40);
        int batch = options.intValue("--private-batch", 512);
        String learningRate = String.valueOf(options.doubleValue("--private-lr", 2.0));
        String clipNorm = String.valueOf(options.doubleValue("--private-clip", 0.1));
        System.out.printf("%nDP-SGD, small tanh CNN, %d epochs, batch %d (Poisson), γ %s, C %s, σ calibrated to ε 3%n",
                epochs, batch, learningRate, clipNorm);
        ApiRun dp = ApiRun.run(server, PRIVATE_JOB.formatted(learningRate, epochs, batch, clipNorm), 1, rows).get(0);
        System.out.printf("  epochs: %s%n", dp.epochs().describe());
        JsonNode privacy = ApiRun.get(server, "/api/v1/jobs/" + dp.jobId() + "/privacy");
        double accuracy = dp.accuracyOn(server, "mnist-test");
        double epsilon = privacy.path("epsilon").asDouble();
        System.out.printf("DP CNN: σ %.4f, ε spent %.3f at δ 1e-5, MNIST test accuracy %.2f%% (bar ≥ 97.5%% at "
                + "ε ≤ 3: %s)%n", privacy.path("noiseMultiplier").asDouble(), epsilon, 100 * accuracy,
                accuracy >= 0.975 && epsilon <= 3 ? "met" : "NOT met");
    }
}
