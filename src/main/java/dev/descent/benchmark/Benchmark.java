package dev.descent.benchmark;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.model.Activation;
import dev.descent.model.LayerSpec;
import dev.descent.model.ModelSpec;
import dev.descent.model.Network;
import dev.descent.model.Precision;
import dev.descent.optim.SgdSpec;
import dev.descent.training.ComputeThreads;
import dev.descent.training.EpochMetrics;
import dev.descent.training.ResidentSetPolling;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Trains the reference MLP (784-256-128-10, ReLU, softmax cross-entropy) on MNIST with batch 128 and SGD momentum
 * 0.9 through the server's own Trainer, and measures ND4J's sgemm at n = 2048 in the same process, so the achieved
 * fraction of the machine's matrix throughput is known. Then, unless {@code --no-api}, it trains the same job
 * through the REST API of a server started in this process (H2 file database in a temporary directory, history
 * recorded), and prints its throughput and the share of training time spent writing history. With
 * {@code --accuracy} it also prints the test accuracies of {@link AccuracyBar}, with {@code --privacy} DP-SGD's cost
 * and accuracy ({@link PrivacyBar}), with {@code --vs-pytorch} the same training in PyTorch ({@link PyTorchRun}).
 * Run: {@code ./mvnw -q compile exec:java@benchmark -Dexec.args="--epochs 3 --threads 1"}.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) {
        ResidentSetPolling.disable(); // as the server does, before ND4J loads
        int epochs = intArg(args, "--epochs", 3);
        int cores = Runtime.getRuntime().availableProcessors();
        // as the server by default: one worker per core, the cores shared among them
        int threads = intArg(args, "--threads", 1);
        ComputeThreads.limit(threads);
        ModelSpec spec = new ModelSpec(List.of(new LayerSpec(256, Activation.RELU, 0.0),
                new LayerSpec(128, Activation.RELU, 0.0)), null, Precision.FLOAT32);
        PreparedData data = DataPreparation.prepare(new BuiltInDatasets().load("mnist", null).orElseThrow(), 0.0, 0,
                false, DataType.FLOAT);
        long weights = spec.weightCount(data.features(), data.outputs());
        double flopsPerSample = 6.0 * weights;

        System.out.printf("descent benchmark: MLP 784-256-128-10 on MNIST (%d rows), batch 128, SGD momentum 0.9, float32%n",
                data.trainRows());
        System.out.printf("weights %,d; FLOPs per sample ≈ 6 × weights = %,.0f; compute threads %d of %d cores%n",
                weights, flopsPerSample, threads, cores);

        List<EpochMetrics> epochMetrics = new ArrayList<>();
        Network network = Network.create(spec, data.features(), data.outputs(), 1);
        new Trainer().train(network, new SgdSpec(0.05, 0.9, null, null, null), data,
                new TrainingSettings(epochs, 128, 1L), TrainingListener.ofEpochs(epoch -> {
                    epochMetrics.add(epoch);
                    System.out.printf("epoch %d: %,d ms, %,.0f samples/s, train loss %.4f, train accuracy %.4f%n",
                            epoch.epoch(), epoch.durationMillis(), epoch.samplesPerSecond(), epoch.trainLoss(),
                            epoch.trainAccuracy());
                }));

        // the first epoch includes JIT warm-up; report the steady ones when there are any
        List<EpochMetrics> steady = epochMetrics.size() > 1 ? epochMetrics.subList(1, epochMetrics.size()) : epochMetrics;
        long millis = steady.stream().mapToLong(EpochMetrics::durationMillis).sum();
        double samplesPerSecond = steady.size() * (double) data.trainRows() * 1000 / millis;
        double trainingGflops = samplesPerSecond * flopsPerSample / 1e9;
        ComputeThreads.limit(cores);
        double gemmGflops = sgemmGflops(2048);
        ComputeThreads.limit(threads);
        long minEpoch = steady.stream().mapToLong(EpochMetrics::durationMillis).min().orElse(0);
        long maxEpoch = steady.stream().mapToLong(EpochMetrics::durationMillis).max().orElse(0);

        System.out.printf("%ntraining throughput: %,.0f samples/s (epochs %d..%d)%n", samplesPerSecond,
                epochMetrics.size() - steady.size() + 1, epochMetrics.size());
        System.out.printf("achieved: %.2f GFLOP/s%n", trainingGflops);
        System.out.printf("ND4J sgemm n=2048, %d threads: %.2f GFLOP/s%n", cores, gemmGflops);
        System.out.printf("efficiency (achieved / sgemm): %.1f%%%n", 100 * trainingGflops / gemmGflops);
        System.out.printf("epoch time max/min: %.2f%n", minEpoch > 0 ? (double) maxEpoch / minEpoch : Double.NaN);

        if (List.of(args).contains("--accuracy")) {
            AccuracyBar.run();
        }
        if (List.of(args).contains("--vs-pytorch")) {
            // PyTorch gets every core, as in the figure; the Trainer ran with --threads
            PyTorchRun.Result torch = PyTorchRun.train(data, epochs, cores);
            if (torch == null) {
                System.out.println("\nPyTorch: not available (Debian: apt-get install python3-torch python3-numpy)");
            } else {
                System.out.printf("%nPyTorch %d threads, same model, data and batch: %,.0f samples/s, epoch time "
                        + "max/min %.2f; descent/PyTorch = %.2f%n", cores, torch.samplesPerSecond(),
                        torch.maxOverMinEpoch(), samplesPerSecond / torch.samplesPerSecond());
            }
        }
        if (List.of(args).contains("--privacy")) {
            PrivacyBar.run(data, Math.max(3, epochs));
        }
        if (!List.of(args).contains("--no-api")) {
            ApiRun api = ApiRun.train(epochs, threads);
            System.out.printf("%nthrough the REST API, history recorded: %,.0f samples/s (epochs %d..%d), %.1f%% of "
                    + "training time writing history (%,d of %,d ms); %+.1f%% time per sample vs the Trainer alone%n",
                    api.samplesPerSecond(), epochMetrics.size() - steady.size() + 1, epochMetrics.size(),
                    100.0 * api.recordingMillis() / api.trainingMillis(), api.recordingMillis(), api.trainingMillis(),
                    100 * (samplesPerSecond / api.samplesPerSecond() - 1));
        }
    }

    /** Best of several timed n×n float32 products, 2n³ FLOPs each. */
    static double sgemmGflops(int n) {
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long start = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (i >= 2) {
                best = Math.min(best, seconds);
            }
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
