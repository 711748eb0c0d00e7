package dev.descent.optim.schedule;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

import java.util.Arrays;
import java.util.UUID;

/**
 * The refined schedule (Defazio, Cutkosky, Mehta & Mishchenko 2023) from a finished run's per-step gradient norms
 * G_t — L2 norms for SGD-type optimizers, L1 for Adam-type: median-filter G with width 2⌊0.1·N/2⌋+1, take
 * w_t = Ĝ_t^−2 (SGD) or Ĝ_t^−1 (Adam), η_t ∝ w_t Σ_{p>t} w_p (so η_N = 0), normalised to a maximum of 1, times γ0.
 * A run of another length T reads the shape stretched linearly onto its steps.
 */
@Schema(description = "Refined: a schedule shaped by a finished job's recorded gradient norms (Defazio et al. 2023)")
public record RefinedSchedule(
        @Schema(description = "The finished job whose per-step gradient norms shape the schedule",
                example = "3fa85f64-5717-4562-b3fc-2c963f66afa6") @NotNull UUID fromJob) implements ScheduleSpec {

    @Override
    public Schedule create(double baseRate, long units, ScheduleContext context) {
        double[] shape = refine(context.pastRuns().gradientNorms(fromJob, context.adamType()), context.adamType());
        return t -> baseRate * stretched(shape, units <= 1 ? 0 : (double) t * (shape.length - 1) / (units - 1));
    }

    /** η_1 … η_N with maximum 1, from the norms G_1 … G_N. */
    static double[] refine(double[] norms, boolean adamType) {
        int n = norms.length;
        int half = (int) (0.1 * n / 2);
        double[] smoothed = new double[n];
        for (int t = 0; t < n; t++) {
            // a median over the window that fits inside the run
            double[] window = Arrays.copyOfRange(norms, Math.max(0, t - half), Math.min(n, t + half + 1));
            Arrays.sort(window);
            smoothed[t] = window.length % 2 == 1 ? window[window.length / 2]
                    : (window[window.length / 2 - 1] + window[window.length / 2]) / 2;
        }
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
