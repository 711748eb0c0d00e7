package dev.descent.benchmark;

import java.util.DoubleSummaryStatistics;
import java.util.List;

/** How long each epoch of one training run took, every epoch over the same number of rows. */
record EpochTimes(long rowsPerEpoch, List<Double> millis) {

    /** The epochs after the first, which includes JIT compilation and warm-up; the one epoch when there is one. */
    List<Double> steady() {
        return millis.size() > 1 ? millis.subList(1, millis.size()) : millis;
    }

    /** Rows per second over the steady epochs of every run. */
    static double samplesPerSecond(List<EpochTimes> runs) {
        double rows = 0;
        double millis = 0;
        for (EpochTimes run : runs) {
            rows += (double) run.rowsPerEpoch() * run.steady().size();
            millis += run.steady().stream().mapToDouble(Double::doubleValue).sum();
        }
        return rows * 1000 / millis;
    }

    /**
     * Rows per second of the fastest steady epoch of all runs: the machine's neighbours slow some epochs and never
     * speed one up, so this is the path's own speed most nearly.
     */
    static double fastestSamplesPerSecond(List<EpochTimes> runs) {
        return runs.stream().mapToDouble(run -> run.rowsPerEpoch() * 1000.0
                / run.steady().stream().mapToDouble(Double::doubleValue).min().orElseThrow()).max().orElse(Double.NaN);
    }

    /** The slowest steady epoch of a run over its fastest, for the least steady of the runs. */
    static double maxOverMin(List<EpochTimes> runs) {
        return runs.stream().mapToDouble(run -> {
            DoubleSummaryStatistics steady = run.steady().stream().mapToDouble(Double::doubleValue).summaryStatistics();
            return steady.getMax() / steady.getMin();
        }).max().orElse(Double.NaN);
    }

    /** "1,234 ms, 1,300 ms, …" */
    String describe() {
        return String.join(", ", millis.stream().map(ms -> String.format("%,.0f ms", ms)).toList());
    }
}
