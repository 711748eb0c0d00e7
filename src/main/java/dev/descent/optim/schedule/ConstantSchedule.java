package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "The optimizer's learning rate throughout")
@JsonTypeName("constant")
public record ConstantSchedule() implements ScheduleSpec {

    @Override
    public Schedule create(double baseRate, long units, ScheduleContext context) {
        return t -> baseRate;
    }
}
