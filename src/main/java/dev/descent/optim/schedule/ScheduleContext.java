package dev.descent.optim.schedule;

import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * What a schedule may need beyond its own parameters.
 *
 * @param adamType      whether the optimizer is Adam-type (see OptimizerSpec#adamType)
 * @param pastRuns      the recorded gradient norms of finished jobs
 * @param stopRequested true once the job is to stop: a schedule that takes long to build (a refined one over a long
 *                      run) looks at it and gives up with a {@link java.util.concurrent.CancellationException}
 */
public record ScheduleContext(boolean adamType, PastRuns pastRuns, BooleanSupplier stopRequested) {

    /** Per-step gradient norms of finished jobs, in step order. */
    @FunctionalInterface
    public interface PastRuns {

        /** @param l1 the L1 norms rather than the L2 ones */
        double[] gradientNorms(UUID jobId, boolean l1);

        PastRuns NONE = (jobId, l1) -> {
            throw new IllegalStateException("no recorded runs are available here");
        };
    }
}
