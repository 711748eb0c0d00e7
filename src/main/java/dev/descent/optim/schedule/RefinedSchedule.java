package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * The refined schedule (Defazio, Cutkosky, Mehta & Mishchenko 2023) from a finished run's per-step gradient norms
 * G_t — L2 norms for SGD-type optimizers, L1 for Adam-type: median-filter G with width 2⌊0.1·N/2⌋+1, take
 * w_t = Ĝ_t^−2 (SGD) or Ĝ_t^−1 (Adam), η_t ∝ w_t Σ_{p>t} w_p (so η_N = 0), normalised to a maximum of 1, times γ0.
 * A run of another length T reads the shape stretched linearly onto its steps. The median filter slides (see
 * {@link SlidingMedian}): refining a run of a million steps takes a fraction of a second, and it stops when the job
 * is cancelled.
 */
@Schema(description = "Refined: a schedule shaped by a finished job's recorded gradient norms (Defazio et al. 2023)")
@JsonTypeName("refined")
public record RefinedSchedule(
        @Schema(description = "The finished job whose per-step gradient norms shape the schedule",
                example = "3fa85f64-5717-4562-b3fc-2c963f66afa6") @NotNull UUID fromJob) implements ScheduleSpec {

    @Override
    public Schedule create(double baseRate, long units, ScheduleContext context) {
        double[] norms = context.pastRuns().gradientNorms(fromJob, context.adamType());
        if (norms.length < 2) {
            throw new IllegalStateException("job " + fromJob + " has " + norms.length + " recorded gradient norms; "
                    + "a refined schedule needs at least 2");
        }
        double[] shape = refine(norms, context.adamType(), context.stopRequested());
        return t -> baseRate * stretched(shape, units <= 1 ? 0 : (double) t * (shape.length - 1) / (units - 1));
    }

    /** The job whose gradient norms a schedule reads: a refined one's, directly or after warm-ups. */
    public static Optional<UUID> sourceOf(ScheduleSpec schedule) {
        if (schedule instanceof WarmupSchedule warmup) {
            return sourceOf(warmup.then());
        }
        return schedule instanceof RefinedSchedule refined ? Optional.of(refined.fromJob()) : Optional.empty();
    }

    /**
     * η_1 … η_N with maximum 1, from the norms G_1 … G_N.
     *
     * @throws java.util.concurrent.CancellationException when {@code stop} became true meanwhile
     */
    static double[] refine(double[] norms, boolean adamType, BooleanSupplier stop) {
        int n = norms.length;
        // a median over the window that fits inside the run
        double[] smoothed = SlidingMedian.of(norms, (int) (0.1 * n / 2), stop);
        double[] weights = new double[n];
        for (int t = 0; t < n; t++) {
            weights[t] = adamType ? 1 / smoothed[t] : 1 / (smoothed[t] * smoothed[t]);
        }
        double[] eta = new double[n];
        double tail = 0;
        double max = 0;
        for (int t = n - 1; t >= 0; t--) {
            eta[t] = weights[t] * tail;
            tail += weights[t];
            max = Math.max(max, eta[t]);
        }
        for (int t = 0; t < n; t++) {
            eta[t] = max > 0 ? eta[t] / max : 0;
        }
        return eta;
    }

    /** Linear interpolation of the shape at a fractional index. */
    private static double stretched(double[] shape, double index) {
        int below = (int) Math.min(Math.floor(index), shape.length - 1);
        int above = Math.min(below + 1, shape.length - 1);
        double fraction = index - below;
        return shape[below] * (1 - fraction) + shape[above] * fraction;
    }
}
