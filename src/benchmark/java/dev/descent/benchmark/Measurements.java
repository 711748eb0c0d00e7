package dev.descent.benchmark;

import java.util.ArrayList;
import java.util.List;

/** What the benchmark's rounds measured, and how it is reported against the bars. */
final class Measurements {

    private static final long RSS_BAR_BYTES = 1536L << 20;

    final List<EpochTimes> trainer = new ArrayList<>();
    final List<ApiRun> apiJob = new ArrayList<>();
    final List<ApiRun> firstOfPair = new ArrayList<>();
    final List<ApiRun> secondOfPair = new ArrayList<>();
    final List<EpochTimes> pytorch = new ArrayList<>();
    long peakOneJob = -1;
    long peakOverall = -1;
    /** Why there is no PyTorch figure though one was asked for; null otherwise. */
    String pytorchMissing;

    /**
     * @param threads BLAS threads of the Trainer and of a job alone on the server
     * @param gemmGflops ND4J's sgemm at n = 2048 on every core, for the fraction of the machine achieved
     */
    void print(int threads, int cores, double flopsPerSample, double gemmGflops) {
        double trainerRate = EpochTimes.samplesPerSecond(trainer);
        double trainerFastest = EpochTimes.fastestSamplesPerSecond(trainer);
        double achievedGflops = trainerRate * flopsPerSample / 1e9;
        System.out.printf("Trainer alone, %d BLAS thread(s): %,.0f samples/s (fastest epoch %,.0f); epoch time max/min "
                + "%.2f (least steady run; bar ≤ 1.30)%n", threads, trainerRate, trainerFastest,
                EpochTimes.maxOverMin(trainer));
        System.out.printf("  achieved %.2f GFLOP/s (6 × weights = %,.0f FLOPs per sample); ND4J sgemm n=2048, %d "
                + "threads: %.2f GFLOP/s; efficiency %.1f%%%n", achievedGflops, flopsPerSample, cores, gemmGflops,
                100 * achievedGflops / gemmGflops);
        double apiRate = Double.NaN;
        double apiFastest = Double.NaN;
        if (!apiJob.isEmpty()) {
            List<EpochTimes> epochs = apiJob.stream().map(ApiRun::epochs).toList();
            apiRate = EpochTimes.samplesPerSecond(epochs);
            apiFastest = EpochTimes.fastestSamplesPerSecond(epochs);
            long recording = apiJob.stream().mapToLong(ApiRun::recordingMillis).sum();
            long training = apiJob.stream().mapToLong(ApiRun::trainingMillis).sum();
            System.out.printf("REST API job, history recorded: %,.0f samples/s (fastest epoch %,.0f); epoch time "
                    + "max/min %.2f (least steady run; bar ≤ 1.30); history writes %.1f%% of training time (%,d of "
                    + "%,d ms)%n", apiRate, apiFastest, EpochTimes.maxOverMin(epochs), 100.0 * recording / training,
                    recording, training);
            System.out.printf("  API/Trainer time per sample: %.3f (%+.1f%%; bar ≤ 1.05); fastest epochs: %.3f%n",
                    trainerRate / apiRate, 100 * (trainerRate / apiRate - 1), trainerFastest / apiFastest);
        }
        if (!pytorch.isEmpty()) {
            double torchRate = EpochTimes.samplesPerSecond(pytorch);
            double torchFastest = EpochTimes.fastestSamplesPerSecond(pytorch);
            System.out.printf("PyTorch, %d threads, same model, rows and batch: %,.0f samples/s (fastest epoch %,.0f); "
                    + "epoch time max/min %.2f (least steady run)%n", cores, torchRate, torchFastest,
                    EpochTimes.maxOverMin(pytorch));
            System.out.printf("  %sTrainer/PyTorch: %.2f; fastest epochs: %s%n", apiJob.isEmpty() ? ""
                    : String.format("API job/PyTorch: %.2f (bar ≥ 1.00); ", apiRate / torchRate),
                    trainerRate / torchRate,
                    apiJob.isEmpty() ? String.format("%.2f", trainerFastest / torchFastest)
                            : String.format("API job %.2f, Trainer %.2f", apiFastest / torchFastest,
                            trainerFastest / torchFastest));
        }
        if (pytorchMissing != null) {
            System.out.println("PyTorch: " + pytorchMissing);
        }
        if (!firstOfPair.isEmpty()) {
            double first = EpochTimes.samplesPerSecond(firstOfPair.stream().map(ApiRun::epochs).toList());
            double second = EpochTimes.samplesPerSecond(secondOfPair.stream().map(ApiRun::epochs).toList());
            System.out.printf("two API jobs at once (2 workers): %,.0f + %,.0f = %,.0f samples/s; two jobs/one job: "
                    + "%.2f (bar ≥ 1.00)%n", first, second, first + second, (first + second) / apiRate);
        }
        if (!apiJob.isEmpty()) {
            System.out.printf("server peak RSS (VmHWM of the server's own JVM): %s with one job (bar < %,d MB)%s%n",
                    megabytes(peakOneJob), RSS_BAR_BYTES >> 20,
                    firstOfPair.isEmpty() ? ""
                            : "; " + megabytes(peakOverall) + " by the end, two jobs at once included");
        }
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "unknown (no /proc)" : String.format("%,d MB", bytes >> 20);
    }
}
