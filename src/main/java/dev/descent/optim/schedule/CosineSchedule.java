package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;

/** η_min + (γ0 − η_min)(1 + cos(πt/T))/2, as CosineAnnealingLR (closed form). */
@Schema(description = "Cosine annealing: η_min + (γ0 − η_min)(1 + cos(πt/T))/2")
@JsonTypeName("cosine")
public record CosineSchedule(
        @Schema(description = "Floor η_min", example = "0", defaultValue = "0") @PositiveOrZero Double minRate,
        @Schema(description = "Period T in units; defaults to the whole run", example = "100") @Min(1) Long period)
        implements ScheduleSpec {

    public CosineSchedule {
        minRate = minRate != null ? minRate : 0.0;
    }

    @Override
    public Schedule create(double baseRate, long units, ScheduleContext context) {
        long tMax = period != null ? period : units;
        return t -> Cosine.anneal(baseRate, minRate, (double) t / tMax);
    }
}
