package dev.descent.optim.schedule;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A learning-rate schedule, selected by {@code type}. {@link #create} gives the rate at each unit t = 0 … T−1 of
 * a run from the optimizer's base rate γ0, as torch.optim.lr_scheduler computes it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ConstantSchedule.class, name = "constant"),
        @JsonSubTypes.Type(value = StepSchedule.class, name = "step"),
        @JsonSubTypes.Type(value = ExponentialSchedule.class, name = "exponential"),
        @JsonSubTypes.Type(value = CosineSchedule.class, name = "cosine"),
        @JsonSubTypes.Type(value = CosineWarmRestartsSchedule.class, name = "cosine-warm-restarts"),
        @JsonSubTypes.Type(value = LinearSchedule.class, name = "linear"),
        @JsonSubTypes.Type(value = WarmupSchedule.class, name = "warmup"),
        @JsonSubTypes.Type(value = OneCycleSchedule.class, name = "one-cycle"),
        @JsonSubTypes.Type(value = RefinedSchedule.class, name = "refined")
})
@Schema(description = "The learning-rate schedule, chosen by type", oneOf = {ConstantSchedule.class,
        StepSchedule.class, ExponentialSchedule.class, CosineSchedule.class, CosineWarmRestartsSchedule.class,
        LinearSchedule.class, WarmupSchedule.class, OneCycleSchedule.class, RefinedSchedule.class},
        discriminatorProperty = "type", discriminatorMapping = {
        @DiscriminatorMapping(value = "constant", schema = ConstantSchedule.class),
        @DiscriminatorMapping(value = "step", schema = StepSchedule.class),
        @DiscriminatorMapping(value = "exponential", schema = ExponentialSchedule.class),
        @DiscriminatorMapping(value = "cosine", schema = CosineSchedule.class),
        @DiscriminatorMapping(value = "cosine-warm-restarts", schema = CosineWarmRestartsSchedule.class),
        @DiscriminatorMapping(value = "linear", schema = LinearSchedule.class),
        @DiscriminatorMapping(value = "warmup", schema = WarmupSchedule.class),
        @DiscriminatorMapping(value = "one-cycle", schema = OneCycleSchedule.class),
        @DiscriminatorMapping(value = "refined", schema = RefinedSchedule.class)})
public sealed interface ScheduleSpec permits ConstantSchedule, StepSchedule, ExponentialSchedule, CosineSchedule,
        CosineWarmRestartsSchedule, LinearSchedule, WarmupSchedule, OneCycleSchedule, RefinedSchedule {

    /**
     * @param baseRate the optimizer's learning rate γ0
     * @param units    T, the run's length in the schedule's unit (steps or epochs)
     * @param context  what a schedule may need beyond its parameters (the refined schedule's past run)
     */
    Schedule create(double baseRate, long units, ScheduleContext context);
}
