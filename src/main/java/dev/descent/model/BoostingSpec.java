package dev.descent.model;

import dev.descent.model.layer.DenseSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Gradient-boosted training of a model's one hidden layer (Emami and Martínez-Muñoz, "Sequential Training of Neural
 * Networks with Gradient Boosting"): stage by stage, J new hidden units fit the pseudo-residuals of the stages before
 * them and join the network with a Newton step scaled by the shrinkage (docs/methods.md).
 */
@Schema(description = "Train the model's one hidden layer by gradient boosting: the output bias starts at the "
        + "constant that minimises the loss, then each stage trains unitsPerStage new hidden units (with the job's "
        + "optimizer) on the pseudo-residuals of the stages before it and adds them with a Newton step scaled by "
        + "shrinkage. The result is one network of stages × unitsPerStage hidden units; predict and evaluate can use "
        + "only its first stages")
public record BoostingSpec(
        @Schema(description = "Number of stages T", example = "10") @NotNull @Min(1) @Max(1000) Integer stages,
        @Schema(description = "Hidden units J each stage adds", example = "8") @NotNull @Min(1) @Max(65536)
        Integer unitsPerStage,
        @Schema(description = "Shrinkage ν scaling each stage's Newton step; smaller values need more stages",
                example = "0.5", defaultValue = "1.0") @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0")
        Double shrinkage,
        @Schema(description = "Epochs each stage trains its units; training.epochs is stages × epochsPerStage",
                example = "20") @NotNull @Min(1) Integer epochsPerStage,
        @Schema(description = "Activation of the hidden units: relu, leaky-relu, tanh, sigmoid, gelu", example = "relu",
                defaultValue = "relu", allowableValues = {"relu", "leaky-relu", "tanh", "sigmoid", "gelu"})
        Activation activation) {

    /** The most hidden units the stages make together, as for any dense layer. */
    public static final int MAX_HIDDEN_UNITS = 65536;

    public BoostingSpec {
        shrinkage = shrinkage != null ? shrinkage : 1.0;
        activation = activation != null ? activation : Activation.RELU;
    }

    /** The hidden layer all the stages make together. */
    public DenseSpec hiddenLayer() {
        return new DenseSpec(hiddenUnits(), activation, 0.0);
    }

    /** The layer one stage trains. */
    public DenseSpec stageLayer() {
        return new DenseSpec(unitsPerStage, activation, 0.0);
    }

    public int hiddenUnits() {
        return stages * unitsPerStage;
    }

    public int epochs() {
        return stages * epochsPerStage;
    }
}
