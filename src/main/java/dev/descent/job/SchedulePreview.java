package dev.descent.job;

import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.schedule.ConstantSchedule;
import dev.descent.optim.schedule.ScheduleSpec;
import dev.descent.training.ScheduleUnit;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/** A learning-rate schedule's rates over a run, computed as a job would before anything trains. */
public final class SchedulePreview {

    /** The largest run a preview lays out, rate by rate. */
    public static final int MAX_UNITS = 100_000;

    private SchedulePreview() {
    }

    @Schema(description = "A schedule to lay out: the optimizer (its learning rate, and whether it is Adam-type), the "
            + "schedule and the run's length in its unit")
    public record Request(
            @Schema(description = "The optimizer; its learningRate is the schedule's base rate γ0") @NotNull @Valid
            OptimizerSpec optimizer,
            @Schema(description = "The schedule; constant when omitted") @Valid ScheduleSpec schedule,
            @Schema(description = "The run's length T in the unit: steps (epochs × steps per epoch) or epochs",
                    example = "1000") @NotNull @Min(1) @Max(MAX_UNITS) Integer units,
            @Schema(description = "What the schedule counts, as training.scheduleUnit", defaultValue = "step",
                    allowableValues = {"step", "epoch"}) ScheduleUnit unit,
            @Schema(description = "The run's batch size, with referenceBatchSize for the batch-size scaling rule",
                    example = "256") @Min(1) Integer batchSize,
            @Schema(description = "As training.referenceBatchSize: γ0 is for this batch size and scales to batchSize",
                    example = "128") @Min(1) Integer referenceBatchSize) {

        public Request {
            schedule = schedule != null ? schedule : new ConstantSchedule();
            unit = unit != null ? unit : ScheduleUnit.STEP;
        }
    }

    @Schema(description = "The learning rate of every step or epoch of the run")
    public record Rates(
            @Schema(example = "step") ScheduleUnit unit,
            @Schema(description = "γ0 after the batch-size scaling rule", example = "0.1") double baseRate,
            @Schema(description = "The rate of unit 1, 2, … T, in order", example = "[0.1, 0.0999, 0.0998]")
            List<Double> rates) {
    }
}
