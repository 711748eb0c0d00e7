package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;

/** An optimizer's hyperparameters, selected by {@code type}; {@link #create} gives a fresh optimizer. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SgdSpec.class, name = "sgd"),
        @JsonSubTypes.Type(value = AdamSpec.class, name = "adam"),
        @JsonSubTypes.Type(value = AdamWSpec.class, name = "adamw"),
        @JsonSubTypes.Type(value = AmsGradSpec.class, name = "amsgrad"),
        @JsonSubTypes.Type(value = AdagradSpec.class, name = "adagrad"),
        @JsonSubTypes.Type(value = AdagradNormSpec.class, name = "adagrad-norm"),
        @JsonSubTypes.Type(value = RmsPropSpec.class, name = "rmsprop"),
        @JsonSubTypes.Type(value = AdadeltaSpec.class, name = "adadelta"),
        @JsonSubTypes.Type(value = SignSgdSpec.class, name = "signsgd"),
        @JsonSubTypes.Type(value = SignumSpec.class, name = "signum"),
        @JsonSubTypes.Type(value = SgldSpec.class, name = "sgld"),
        @JsonSubTypes.Type(value = SamSpec.class, name = "sam"),
        @JsonSubTypes.Type(value = LbfgsSpec.class, name = "lbfgs"),
        @JsonSubTypes.Type(value = SvrgSpec.class, name = "svrg"),
        @JsonSubTypes.Type(value = SsvrSpec.class, name = "ssvr"),
        @JsonSubTypes.Type(value = LabelNoiseSgdSpec.class, name = "label-noise-sgd"),
        @JsonSubTypes.Type(value = ExponentiatedGradientSpec.class, name = "eg"),
        @JsonSubTypes.Type(value = FrankWolfeSpec.class, name = "frank-wolfe")
})
@Schema(description = "The optimizer, chosen by type", oneOf = {SgdSpec.class, AdamSpec.class, AdamWSpec.class, AmsGradSpec.class, AdagradSpec.class, AdagradNormSpec.class, RmsPropSpec.class, AdadeltaSpec.class, SignSgdSpec.class, SignumSpec.class, SgldSpec.class, SamSpec.class, LbfgsSpec.class, SvrgSpec.class, SsvrSpec.class,
        LabelNoiseSgdSpec.class, ExponentiatedGradientSpec.class, FrankWolfeSpec.class},
        discriminatorProperty = "type", discriminatorMapping = {
        @DiscriminatorMapping(value = "sgd", schema = SgdSpec.class),
        @DiscriminatorMapping(value = "adam", schema = AdamSpec.class),
        @DiscriminatorMapping(value = "adamw", schema = AdamWSpec.class),
        @DiscriminatorMapping(value = "amsgrad", schema = AmsGradSpec.class),
        @DiscriminatorMapping(value = "adagrad", schema = AdagradSpec.class),
        @DiscriminatorMapping(value = "adagrad-norm", schema = AdagradNormSpec.class),
        @DiscriminatorMapping(value = "rmsprop", schema = RmsPropSpec.class),
        @DiscriminatorMapping(value = "adadelta", schema = AdadeltaSpec.class),
        @DiscriminatorMapping(value = "signsgd", schema = SignSgdSpec.class),
        @DiscriminatorMapping(value = "signum", schema = SignumSpec.class),
        @DiscriminatorMapping(value = "sgld", schema = SgldSpec.class),
        @DiscriminatorMapping(value = "sam", schema = SamSpec.class),
        @DiscriminatorMapping(value = "lbfgs", schema = LbfgsSpec.class),
        @DiscriminatorMapping(value = "svrg", schema = SvrgSpec.class),
        @DiscriminatorMapping(value = "ssvr", schema = SsvrSpec.class),
        @DiscriminatorMapping(value = "label-noise-sgd", schema = LabelNoiseSgdSpec.class),
        @DiscriminatorMapping(value = "eg", schema = ExponentiatedGradientSpec.class),
        @DiscriminatorMapping(value = "frank-wolfe", schema = FrankWolfeSpec.class)})
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
