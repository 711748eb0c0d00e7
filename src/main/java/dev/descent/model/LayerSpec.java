package dev.descent.model;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** One hidden dense layer. */
@Schema(description = "A hidden dense layer")
public record LayerSpec(
        @Schema(description = "Number of units", example = "64") @NotNull @Min(1) @Max(65536) Integer units,
        @Schema(description = "Activation: relu, leaky-relu, tanh, sigmoid, gelu, identity", example = "relu",
                defaultValue = "relu", allowableValues = {"relu", "leaky-relu", "tanh", "sigmoid", "gelu", "identity"})
        Activation activation,
        @Schema(description = "Dropout probability applied to this layer's output while training", example = "0.0",
                defaultValue = "0.0") @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double dropout) {

    public LayerSpec {
        activation = activation != null ? activation : Activation.RELU;
        dropout = dropout != null ? dropout : 0.0;
    }
}
