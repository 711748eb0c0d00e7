package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;

/** An optimizer's hyperparameters, selected by {@code type}; {@link #create} gives a fresh optimizer. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@Schema(description = "The optimizer, chosen by type", discriminatorProperty = "type")
public sealed interface OptimizerSpec permits SgdSpec, AdamSpec, AdamWSpec, AmsGradSpec, AdagradSpec, AdagradNormSpec, RmsPropSpec, AdadeltaSpec, SignSgdSpec, SignumSpec, SgldSpec, SamSpec, LbfgsSpec,
        SvrgSpec, SsvrSpec, LabelNoiseSgdSpec, ExponentiatedGradientSpec, FrankWolfeSpec {

    /** The base learning rate γ. */
    Double learningRate();

    Optimizer create(OptimizerContext context);

    /**
     * Adam-type (per-coordinate adaptive) rather than SGD-type: decides the refined schedule's weights (Ĝ^−1 rather
     * than Ĝ^−2) and the batch-size scaling rule (√B rather than B).
     */
    default boolean adamType() {
        return false;
    }

    /**
     * Whether a step reads nothing but the step's batch gradient. DP-SGD privatises that one gradient; a method that
     * evaluates more (another point, other targets, the full data) would spend privacy the accountant does not count.
     */
    default boolean usesOnlyTheBatchGradient() {
        return true;
    }
}
