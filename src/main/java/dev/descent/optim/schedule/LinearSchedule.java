package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;

/** γ0(1 − t/T): linear decay reaching zero at the end of the run. */
@Schema(description = "Linear decay to zero: γ0(1 − t/T) over the run")
@JsonTypeName("linear")
public record LinearSchedule() implements ScheduleSpec {

    @Override
    public Schedule create(double baseRate, long units, ScheduleContext context) {
        return t -> baseRate * Math.max(0, 1 - (double) t / units);
    }
}
