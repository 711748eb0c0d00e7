package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Linear warm-up in front of any schedule, as LinearLR followed by SequentialLR: the factor goes from
 * {@code startFactor} to 1 over k units, then the next schedule runs from its own t = 0 over the remaining units.
 */
@Schema(description = "Linear warm-up (factor startFactor → 1 over k units), then another schedule")
@JsonTypeName("warmup")
public record WarmupSchedule(
        @Schema(description = "Warm-up length k in units", example = "100") @NotNull @Min(1) Long steps,
        @Schema(description = "Factor of γ0 at t = 0", example = "0.3333333333333333", defaultValue = "1/3")
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double startFactor,
        @Schema(description = "The schedule after warm-up; constant when omitted") @Valid ScheduleSpec then)
        implements ScheduleSpec {

    public WarmupSchedule {
        startFactor = startFactor != null ? startFactor : 1.0 / 3;
        then = then != null ? then : new ConstantSchedule();
    }

    @Override
    public Schedule create(double baseRate, long units, ScheduleContext context) {
        Schedule after = then.create(baseRate, Math.max(1, units - steps), context);
        return t -> t < steps ? baseRate * (startFactor + (1 - startFactor) * t / steps) : after.rate(t - steps);
    }
}
