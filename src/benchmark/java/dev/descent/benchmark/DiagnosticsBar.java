package dev.descent.benchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * What training.diagnostics cost at their defaults (coherence every 100 steps on 128 rows, sharpness at every epoch's
 * end in at most 20 Hessian-vector products, layer statistics every step, all recorded): the reference job over the
 * API with and without them, in interleaved rounds whose order alternates, so a neighbour's load falls on both. The
 * measure is the job's whole training time, recording included.
 */
final class DiagnosticsBar {

    static final String DEFAULTS = """
            {"coherence": {}, "sharpness": {}, "layerStatistics": {}}""";

    private DiagnosticsBar() {
    }

    static void run(ServerProcess server, int epochs, int rounds, long rowsPerEpoch) throws InterruptedException {
        System.out.printf("%ndiagnostics at their defaults (%s), %d epochs, %d rounds%n", DEFAULTS.strip(), epochs,
                rounds);
        List<Long> without = new ArrayList<>();
        List<Long> with = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            boolean withFirst = round % 2 == 0;
            for (boolean on : withFirst ? new boolean[]{true, false} : new boolean[]{false, true}) {
                String load = Benchmark.loadAverage();
                ApiRun run = ApiRun.train(server, epochs, 1, rowsPerEpoch, on ? DEFAULTS : null).get(0);
                (on ? with : without).add(run.trainingMillis());
                System.out.printf("  round %d, %s diagnostics: %,d ms training (of it %,d ms recording); load "
                        + "average before %s%n", round, on ? "with" : "without", run.trainingMillis(),
                        run.recordingMillis(), load);
            }
        }
        double off = without.stream().mapToLong(Long::longValue).sum();
        double on = with.stream().mapToLong(Long::longValue).sum();
        double best = (double) with.stream().mapToLong(Long::longValue).min().orElseThrow()
                / without.stream().mapToLong(Long::longValue).min().orElseThrow();
        System.out.printf("diagnostics: with/without = %.3f over all rounds (%.1f%% more time), %.3f fastest with "
                + "over fastest without; load average now %s%n", on / off, 100 * (on / off - 1), best,
                Benchmark.loadAverage());
    }
}
