package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/** SGDR (Loshchilov & Hutter 2017) as CosineAnnealingWarmRestarts: cycles of T_0, T_0·T_mult, … units. */
@Schema(description = "Cosine annealing with warm restarts: the cosine restarts after T_0 units, each cycle T_mult times longer")
@JsonTypeName("cosine-warm-restarts")
public record CosineWarmRestartsSchedule(
        @Schema(description = "Length T_0 of the first cycle", example = "10") @NotNull @Min(1) Long firstPeriod,
        @Schema(description = "Growth T_mult of each next cycle", example = "2", defaultValue = "1") @Min(1) Long periodMultiplier,
        @Schema(description = "Floor η_min", example = "0", defaultValue = "0") @PositiveOrZero Double minRate)
        implements ScheduleSpec {

    public CosineWarmRestartsSchedule {
        periodMultiplier = periodMultiplier != null ? periodMultiplier : 1L;
        minRate = minRate != null ? minRate : 0.0;
    }

    @Override
    public Schedule create(double baseRate, long units, ScheduleContext context) {
        return t -> {
            long period = firstPeriod;
            long within = t;
            while (within >= period) {
                within -= period;
                period *= periodMultiplier;
            }
            return Cosine.anneal(baseRate, minRate, (double) within / period);
        };
    }
}
