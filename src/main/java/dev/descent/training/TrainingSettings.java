package dev.descent.training;

import dev.descent.optim.schedule.ConstantSchedule;
import dev.descent.optim.schedule.ScheduleSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** How long and in what batches to train. */
@Schema(description = "Training settings")
public record TrainingSettings(
        @Schema(description = "Passes over the training rows", example = "20") @NotNull @Min(1) @Max(100000) Integer epochs,
        @Schema(description = "Rows per step; the training row count (or more) means full-batch gradient descent",
                example = "32", defaultValue = "32") @Min(1) Integer batchSize,
        @Schema(description = "Draw a new random order of the rows every epoch (random reshuffling)", example = "true",
                defaultValue = "true") Boolean shuffle,
        @Schema(description = "Seed of initialisation, row order and dropout: the same spec and seed give the same curve",
                example = "42", defaultValue = "0") Long seed,
        @Schema(description = "Learning-rate schedule; constant when omitted") @Valid ScheduleSpec schedule,
        @Schema(description = "What the schedule counts: optimizer steps or epochs", example = "step",
                defaultValue = "step", allowableValues = {"step", "epoch"}) ScheduleUnit scheduleUnit) {

    public TrainingSettings {
        batchSize = batchSize != null ? batchSize : 32;
        shuffle = shuffle == null || shuffle;
        seed = seed != null ? seed : 0L;
        schedule = schedule != null ? schedule : new ConstantSchedule();
        scheduleUnit = scheduleUnit != null ? scheduleUnit : ScheduleUnit.STEP;
    }

    /** Settings with the default schedule. */
    public TrainingSettings(Integer epochs, Integer batchSize, Boolean shuffle, Long seed) {
        this(epochs, batchSize, shuffle, seed, null, null);
    }
}
