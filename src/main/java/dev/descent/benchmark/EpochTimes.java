package dev.descent.benchmark;

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

    /** The slowest steady epoch of any run over the fastest. */
    static double maxOverMin(List<EpochTimes> runs) {
        List<Double> steady = runs.stream().flatMap(run -> run.steady().stream()).toList();
        return steady.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)
                / steady.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** "1,234 ms, 1,300 ms, …" */
    String describe() {
        return String.join(", ", millis.stream().map(ms -> String.format("%,.0f ms", ms)).toList());
    }
}
