package dev.descent.benchmark;

import dev.descent.dataset.BuiltInDatasets;
import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.PreparedData;
import dev.descent.model.Shape;
import dev.descent.training.ComputeThreads;
import dev.descent.training.ResidentSetPolling;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Throughput of the reference MLP (784-256-128-10, ReLU, softmax cross-entropy) on MNIST with batch 128 and SGD
 * momentum 0.9, in rounds that interleave the ways of training it, so that a neighbour's load falls on all of them
 * alike: the server's Trainer called directly in this process; unless {@code --no-api}, the same job submitted over
 * HTTP to a server in its own JVM (history recorded, as for any job); with {@code --vs-pytorch}, the same training
 * in Debian's PyTorch; with {@code --concurrent}, two such jobs at once on the server's two workers. The server is
 * first warmed up with jobs for {@code --warmup-seconds} (90), as a long-running server would be. It then prints
 * each path's throughput over the steady epochs (all but each run's first), the ratios, the epochs' max/min time, the
 * server's peak resident set, and ND4J's sgemm at n = 2048 for the fraction of the machine achieved.
 * With {@code --small-jobs} it measures instead how many small jobs a server runs per second ({@link SmallJobs}),
 * with {@code --cnn} the CNN's accuracy, throughput against PyTorch and private accuracy ({@link CnnBar}), with
 * {@code --sweeps} ASHA against the full grid ({@link SweepBar}), with {@code --mixup} multi-mix against mixup
 * ({@link MixupBar}), with {@code --adaptive-batch} growing batches against fixed ones ({@link AdaptiveBatchBar}), with
 * {@code --boosting} boosted networks against same-width MLPs ({@link BoostingBar}), with {@code --tract} the CNN's
 * epochs to 99% on MNIST with TrAct and without ({@link TrActBar}), with {@code --continual} orthogonal gradient
 * descent against SGD on permuted MNIST ({@link ContinualBar}).
 * With {@code --diagnostics} (and the API) it also times the reference job with training.diagnostics at their
 * defaults against it without ({@link DiagnosticsBar}), in {@code --diagnostics-rounds} rounds (as many as the
 * others). With {@code --accuracy} it also prints the test accuracies of {@link AccuracyBar}, with {@code --privacy} DP-SGD's
 * cost and accuracy ({@link PrivacyBar}).
 * Run: {@code ./mvnw -q test-compile exec:java@benchmark -Dexec.args="--epochs 3 --rounds 2 --vs-pytorch --concurrent"}.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        ResidentSetPolling.disable(); // as the server does, before ND4J loads
        CommandLine options = new CommandLine(args);
        if (options.flag("--small-jobs")) {
            SmallJobs.run(options);
            return;
        }
        if (options.flag("--cnn")) {
            CnnBar.run(options);
            return;
        }
        if (options.flag("--sweeps")) {
            SweepBar.run(options);
            return;
        }
        if (options.flag("--mixup")) {
            MixupBar.run(options);
            return;
        }
        if (options.flag("--adaptive-batch")) {
            AdaptiveBatchBar.run(options);
            return;
        }
        if (options.flag("--boosting")) {
            BoostingBar.run(options);
            return;
        }
        if (options.flag("--tract")) {
            TrActBar.run(options);
            return;
        }
        if (options.flag("--continual")) {
            ContinualBar.run(options);
            return;
        }
        int epochs = options.intValue("--epochs", 3);
        int rounds = options.intValue("--rounds", 2);
        boolean api = !options.flag("--no-api");
        boolean concurrent = api && options.flag("--concurrent");
        int cores = Runtime.getRuntime().availableProcessors();
        // 0, the server's default: a job alone gets every core for its matrix products, two jobs half each
        int threadsPerJob = options.intValue("--threads", 0);
        int warmupSeconds = options.intValue("--warmup-seconds", 90);
        int threads = threadsPerJob > 0 ? threadsPerJob : cores;
        ComputeThreads.singleThreadedOps();
        ComputeThreads.shareBlas(threads);
        PreparedData data = DataPreparation.prepare(new BuiltInDatasets().load("mnist", null).orElseThrow(), 0.0, 0,
                false, DataType.FLOAT);
        // a training step's multiply-adds are three times the forward pass's (the input's and weights' gradients)
        double flopsPerSample = 3.0 * TrainerRun.REFERENCE_MODEL.summary(Shape.features(data.features()),
                data.outputs()).flopsPerExample();
        System.out.printf("descent benchmark: MLP 784-256-128-10 on MNIST (%,d rows), batch 128, SGD momentum 0.9, "
                + "float32; %d epochs × %d rounds; %d cores, BLAS threads of a job alone %d%s; load average %s%n",
                data.trainRows(), epochs, rounds, cores, threads, concurrent ? ", of two jobs "
                        + (threadsPerJob > 0 ? threadsPerJob : Math.max(1, cores / 2)) + " each" : "", loadAverage());

        Measurements measured = new Measurements();
        PyTorchRun pytorch = null;
        if (options.flag("--vs-pytorch")) {
            if (PyTorchRun.available()) {
                pytorch = PyTorchRun.prepare(data);
            } else {
                measured.pytorchMissing = "NOT AVAILABLE, no comparison: " + PyTorchRun.python() + " cannot import "
                        + "torch and numpy (Debian: apt-get install python3-torch python3-numpy libopenblas0-pthread)";
                System.out.println("PyTorch: " + measured.pytorchMissing);
            }
        }
        ServerProcess server = api ? ServerProcess.start(List.of("--descent.executor.workers=2",
                "--descent.executor.threads-per-job=" + threadsPerJob, "--logging.level.root=WARN")) : null;
        try {
            // the JIT compiles the training code in the first epoch; in the server it goes on compiling the history
            // writes, H2 and the scheduled polls, which run once a second, for a minute or more (10–25% of a core
            // in the first jobs' steady epochs, docs/performance.md), as a long-running server has done long since
            System.out.printf("%nwarm-up, not counted: 2 epochs through the Trainer%s%n", server != null
                    ? ", jobs of " + 2 * epochs + " epochs on the server until it has run " + warmupSeconds + " s" : "");
            TrainerRun.train(data, 2);
            if (server != null) {
                do {
                    ApiRun.train(server, 2 * epochs, 1, data.trainRows());
                } while (server.uptimeSeconds() < warmupSeconds);
            }
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("%nround %d of %d%n", round, rounds);
                measured.trainer.add(TrainerRun.train(data, epochs));
                if (server != null) {
                    ApiRun run = ApiRun.train(server, epochs, 1, data.trainRows()).get(0);
                    measured.apiJob.add(run);
                    printApiRun("API job", run);
                    if (measured.peakOneJob < 0) {
                        measured.peakOneJob = server.peakResidentBytes();
                    }
                }
                if (pytorch != null) {
                    EpochTimes run = pytorch.train(epochs, cores);
                    if (run != null) {
                        measured.pytorch.add(run);
                    }
                }
                if (concurrent) {
                    List<ApiRun> pair = ApiRun.train(server, epochs, 2, data.trainRows());
                    measured.firstOfPair.add(pair.get(0));
                    measured.secondOfPair.add(pair.get(1));
                    printApiRun("API job 1 of 2 at once", pair.get(0));
                    printApiRun("API job 2 of 2 at once", pair.get(1));
                }
            }
            if (server != null && options.flag("--diagnostics")) {
                DiagnosticsBar.run(server, epochs, options.intValue("--diagnostics-rounds", rounds), data.trainRows());
            }
            measured.peakOverall = server != null ? server.peakResidentBytes() : -1;
        } finally {
            if (server != null) {
                server.close();
            }
            if (pytorch != null) {
                pytorch.close();
            }
        }

        ComputeThreads.shareBlas(cores);
        double gemmGflops = sgemmGflops(2048);
        ComputeThreads.shareBlas(threads);
        System.out.printf("%nsummary: %d rounds interleaved; throughput over each run's steady epochs (all but its "
                + "first); load average now %s%n", rounds, loadAverage());
        measured.print(threads, cores, flopsPerSample, gemmGflops);

        if (options.flag("--accuracy")) {
            AccuracyBar.run();
        }
        if (options.flag("--privacy")) {
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

    /** The 1, 5 and 15 minute load averages, where Linux tells them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
