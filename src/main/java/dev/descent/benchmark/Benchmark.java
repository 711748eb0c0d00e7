package dev.descent.benchmark;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.training.ComputeThreads;
import dev.descent.training.ResidentSetPolling;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput of the reference MLP (784-256-128-10, ReLU, softmax cross-entropy) on MNIST with batch 128 and SGD
 * momentum 0.9, in rounds that interleave the ways of training it, so that a neighbour's load falls on all of them
 * alike: the server's Trainer called directly in this process; unless {@code --no-api}, the same job submitted over
 * HTTP to a server in its own JVM (history recorded, as for any job); with {@code --vs-pytorch}, the same training
 * in Debian's PyTorch; with {@code --concurrent}, two such jobs at once on the server's two workers. It then prints
 * each path's throughput over the steady epochs (all but each run's first), the ratios, the epochs' max/min time, the
 * server's peak resident set, and ND4J's sgemm at n = 2048 for the fraction of the machine achieved.
 * With {@code --accuracy} it also prints the test accuracies of {@link AccuracyBar}, with {@code --privacy} DP-SGD's
 * cost and accuracy ({@link PrivacyBar}).
 * Run: {@code ./mvnw -q compile exec:java@benchmark -Dexec.args="--epochs 3 --rounds 2 --vs-pytorch --concurrent"}.
 */
public final class Benchmark {

    private static final long RSS_BAR_BYTES = 1536L << 20;

    private Benchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        ResidentSetPolling.disable(); // as the server does, before ND4J loads
        List<String> flags = List.of(args);
        int epochs = intArg(args, "--epochs", 3);
        int rounds = intArg(args, "--rounds", 2);
        boolean api = !flags.contains("--no-api");
        boolean concurrent = api && flags.contains("--concurrent");
        int cores = Runtime.getRuntime().availableProcessors();
        // 0, the server's default: a job alone gets every core for its matrix products, two jobs half each
        int threadsPerJob = intArg(args, "--threads", 0);
        int threads = threadsPerJob > 0 ? threadsPerJob : cores;
        ComputeThreads.singleThreadedOps();
        ComputeThreads.shareBlas(threads);
        PreparedData data = DataPreparation.prepare(new BuiltInDatasets().load("mnist", null).orElseThrow(), 0.0, 0,
                false, DataType.FLOAT);
        double flopsPerSample = 6.0 * TrainerRun.REFERENCE_MODEL.weightCount(data.features(), data.outputs());
        System.out.printf("descent benchmark: MLP 784-256-128-10 on MNIST (%,d rows), batch 128, SGD momentum 0.9, "
                + "float32; %d epochs × %d rounds; %d cores, BLAS threads of a job alone %d%s; load average %s%n",
                data.trainRows(), epochs, rounds, cores, threads, concurrent ? ", of two jobs "
                        + (threadsPerJob > 0 ? threadsPerJob : Math.max(1, cores / 2)) + " each" : "", loadAverage());

        PyTorchRun pytorch = null;
        if (flags.contains("--vs-pytorch")) {
            if (PyTorchRun.available()) {
                pytorch = PyTorchRun.prepare(data);
            } else {
                System.out.println("PyTorch: NOT AVAILABLE, no comparison: " + PyTorchRun.python()
                        + " cannot import torch and numpy (Debian: apt-get install python3-torch python3-numpy)");
            }
        }
        List<EpochTimes> trainer = new ArrayList<>();
        List<ApiRun> single = new ArrayList<>();
        List<ApiRun> firstOfPair = new ArrayList<>();
        List<ApiRun> secondOfPair = new ArrayList<>();
        List<EpochTimes> torch = new ArrayList<>();
        long peakOneJob = -1;
        long peakOverall = -1;
        ServerProcess server = api ? ServerProcess.start(List.of("--descent.executor.workers=2",
                "--descent.executor.threads-per-job=" + threadsPerJob, "--logging.level.root=WARN")) : null;
        try {
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("%nround %d of %d%n", round, rounds);
                trainer.add(TrainerRun.train(data, epochs));
                if (server != null) {
                    ApiRun run = ApiRun.train(server, epochs, 1, data.trainRows()).get(0);
                    single.add(run);
                    printApiRun("API job", run);
                    peakOneJob = peakOneJob < 0 ? server.peakResidentBytes() : peakOneJob;
                }
                if (pytorch != null) {
                    EpochTimes run = pytorch.train(epochs, cores);
                    if (run != null) {
                        torch.add(run);
                    }
                }
                if (concurrent) {
                    List<ApiRun> pair = ApiRun.train(server, epochs, 2, data.trainRows());
                    firstOfPair.add(pair.get(0));
                    secondOfPair.add(pair.get(1));
                    printApiRun("concurrent API job 1", pair.get(0));
                    printApiRun("concurrent API job 2", pair.get(1));
                }
            }
            peakOverall = server != null ? server.peakResidentBytes() : -1;
        } finally {
            if (server != null) {
                server.close();
            }
            if (pytorch != null) {
                pytorch.close();
            }
        }

        double trainerRate = EpochTimes.samplesPerSecond(trainer);
        ComputeThreads.shareBlas(cores);
        double gemmGflops = sgemmGflops(2048);
        ComputeThreads.shareBlas(threads);
        double achievedGflops = trainerRate * flopsPerSample / 1e9;
        System.out.printf("%nsummary, %d rounds interleaved, steady epochs (all but each run's first); load average "
                + "now %s%n", rounds, loadAverage());
        System.out.printf("Trainer alone, %d BLAS thread(s): %,.0f samples/s, epoch time max/min %.2f%n", threads,
                trainerRate, EpochTimes.maxOverMin(trainer));
        System.out.printf("  achieved %.2f GFLOP/s (6 × weights = %,.0f FLOPs per sample); ND4J sgemm n=2048, %d "
                + "threads: %.2f GFLOP/s; efficiency %.1f%%%n", achievedGflops, flopsPerSample, cores, gemmGflops,
                100 * achievedGflops / gemmGflops);
        double apiRate = Double.NaN;
        if (!single.isEmpty()) {
            List<EpochTimes> apiEpochs = single.stream().map(ApiRun::epochs).toList();
            apiRate = EpochTimes.samplesPerSecond(apiEpochs);
            long recording = single.stream().mapToLong(ApiRun::recordingMillis).sum();
            long training = single.stream().mapToLong(ApiRun::trainingMillis).sum();
            System.out.printf("REST API job, history recorded: %,.0f samples/s, epoch time max/min %.2f; %.1f%% of "
                    + "training time writing history (%,d of %,d ms)%n", apiRate, EpochTimes.maxOverMin(apiEpochs),
                    100.0 * recording / training, recording, training);
            System.out.printf("  API/Trainer time per sample: %.3f (%+.1f%%; bar ≤ 1.05)%n", trainerRate / apiRate,
                    100 * (trainerRate / apiRate - 1));
        }
        if (!torch.isEmpty()) {
            double torchRate = EpochTimes.samplesPerSecond(torch);
            System.out.printf("PyTorch %d threads, same model, rows and batch: %,.0f samples/s, epoch time max/min "
                    + "%.2f%n", cores, torchRate, EpochTimes.maxOverMin(torch));
            System.out.printf("  Trainer/PyTorch throughput: %.2f%s%n", trainerRate / torchRate, single.isEmpty() ? ""
                    : String.format("; API job/PyTorch: %.2f (bar ≥ 1.00)", apiRate / torchRate));
        }
        if (concurrent) {
            double first = EpochTimes.samplesPerSecond(firstOfPair.stream().map(ApiRun::epochs).toList());
            double second = EpochTimes.samplesPerSecond(secondOfPair.stream().map(ApiRun::epochs).toList());
            System.out.printf("two concurrent API jobs (2 workers): %,.0f + %,.0f = %,.0f samples/s; two jobs/one job: "
                    + "%.2f (bar ≥ 1.00)%n", first, second, first + second, (first + second) / apiRate);
        }
        if (server != null) {
            System.out.printf("server peak RSS (VmHWM of the server's own JVM): %s with one job%s (bar < %,d MB)%n",
                    megabytes(peakOneJob), concurrent ? ", " + megabytes(peakOverall) + " after two at once" : "",
                    RSS_BAR_BYTES >> 20);
        }

        if (flags.contains("--accuracy")) {
            AccuracyBar.run();
        }
        if (flags.contains("--privacy")) {
            PrivacyBar.run(data, Math.max(3, epochs));
        }
    }

    private static void printApiRun(String name, ApiRun run) {
        System.out.printf("  %s epochs: %s; history writes %,d of %,d ms%n", name, run.epochs().describe(),
                run.recordingMillis(), run.trainingMillis());
    }

    /** Best of several timed n×n float32 products, 2n³ FLOPs each. */
    private static double sgemmGflops(int n) {
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

    private static String megabytes(long bytes) {
        return bytes < 0 ? "unknown (no /proc)" : String.format("%,d MB", bytes >> 20);
    }

    /** The 1, 5 and 15 minute load averages, where Linux tells them. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
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
