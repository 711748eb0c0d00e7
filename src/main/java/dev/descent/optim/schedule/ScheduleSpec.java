package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A learning-rate schedule, selected by {@code type}. {@link #create} gives the rate at each unit t = 0 … T−1 of
 * a run from the optimizer's base rate γ0, as torch.optim.lr_scheduler computes it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@Schema(description = "The learning-rate schedule, chosen by type", discriminatorProperty = "type")
public sealed interface ScheduleSpec permits ConstantSchedule, StepSchedule, ExponentialSchedule, CosineSchedule,
        CosineWarmRestartsSchedule, LinearSchedule, WarmupSchedule, OneCycleSchedule, RefinedSchedule {

    /**
     * @param baseRate the optimizer's learning rate γ0
     * @param units    T, the run's length in the schedule's unit (steps or epochs)
     * @param context  what a schedule may need beyond its parameters (the refined schedule's past run)
     */
    Schedule create(double baseRate, long units, ScheduleContext context);
}
