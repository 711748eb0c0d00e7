package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

/**
 * One-cycle (Smith & Topin 2019) as OneCycleLR with cosine annealing: from γ0/div up to γ0 over the first
 * pctStart of the run, then down to γ0/(div·finalDiv) at its last unit.
 */
@Schema(description = "One-cycle: cosine up from γ0/divFactor to γ0 over pctStart of the run, then down to γ0/(divFactor·finalDivFactor)")
@JsonTypeName("one-cycle")
public record OneCycleSchedule(
        @Schema(description = "Fraction of the run spent increasing", example = "0.3", defaultValue = "0.3")
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false) Double pctStart,
        @Schema(description = "γ0 / initial rate", example = "25", defaultValue = "25") @Positive Double divFactor,
        @Schema(description = "initial rate / final rate", example = "10000", defaultValue = "1e4") @Positive Double finalDivFactor)
        implements ScheduleSpec {

    public OneCycleSchedule {
        pctStart = pctStart != null ? pctStart : 0.3;
        divFactor = divFactor != null ? divFactor : 25.0;
        finalDivFactor = finalDivFactor != null ? finalDivFactor : 1e4;
    }

    @Override
    public Schedule create(double baseRate, long units, ScheduleContext context) {
        double initial = baseRate / divFactor;
        double last = initial / finalDivFactor;
        double peakAt = pctStart * units - 1;
        double endAt = units - 1;
        return t -> t <= peakAt
                ? Cosine.anneal(initial, baseRate, peakAt > 0 ? t / peakAt : 1)
                : Cosine.anneal(baseRate, last, (t - peakAt) / (endAt - peakAt));
    }
}
