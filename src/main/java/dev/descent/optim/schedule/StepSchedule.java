package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** γ0·κ^⌊t/s⌋, as StepLR. */
@Schema(description = "Step decay: γ0·κ^⌊t/s⌋")
@JsonTypeName("step")
public record StepSchedule(
        @Schema(description = "Units s between decays", example = "30") @NotNull @Min(1) Long stepSize,
        @Schema(description = "Decay factor κ", example = "0.1", defaultValue = "0.1") @Positive Double gamma)
        implements ScheduleSpec {

    public StepSchedule {
        gamma = gamma != null ? gamma : 0.1;
    }

    @Override
    public Schedule create(double baseRate, long units, ScheduleContext context) {
        return t -> baseRate * Math.pow(gamma, Math.floorDiv(t, stepSize));
    }
}
