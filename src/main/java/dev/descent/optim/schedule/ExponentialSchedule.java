package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** γ0·κ^t, as ExponentialLR. */
@Schema(description = "Exponential decay: γ0·κ^t")
@JsonTypeName("exponential")
public record ExponentialSchedule(
        @Schema(description = "Decay factor κ per unit", example = "0.99") @NotNull @Positive Double gamma)
        implements ScheduleSpec {

    @Override
    public Schedule create(double baseRate, long units, ScheduleContext context) {
        return t -> baseRate * Math.pow(gamma, t);
    }
}
