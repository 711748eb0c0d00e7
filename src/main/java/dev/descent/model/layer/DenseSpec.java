package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.Layer;
import dev.descent.model.Shape;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

/**
 * A dense (fully connected) layer. Its own {@code type} is optional where only dense layers can stand (the
 * {@code hiddenLayers} shorthand), so it reads none itself; in {@code layers} the list's type picks it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NONE)
@Schema(description = "A dense (fully connected) layer: activation(x·W + b), then dropout while training")
@JsonTypeName("dense")
public record DenseSpec(
        @Schema(description = "Number of units", example = "64") @NotNull @Min(1) @Max(65536) Integer units,
        @Schema(description = "Activation: relu, leaky-relu, tanh, sigmoid, gelu, identity", example = "relu",
                defaultValue = "relu", allowableValues = {"relu", "leaky-relu", "tanh", "sigmoid", "gelu", "identity"})
        Activation activation,
        @Schema(description = "Dropout probability applied to this layer's output while training", example = "0.0",
                defaultValue = "0.0") @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double dropout)
        implements LayerSpec {

    public DenseSpec {
        activation = activation != null ? activation : Activation.RELU;
        dropout = dropout != null ? dropout : 0.0;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.isImage()) {
            throw new InvalidLayerException("a dense layer takes rows of features, its input is an image " + input
                    + ": put a flatten or global-avg-pool layer before it");
        }
        return Shape.features(units);
    }

    @Override
    public long parameterCount(Shape input) {
        return ((long) input.size() + 1) * units;
    }

    @Override
    public long flopsPerExample(Shape input) {
        return 2L * input.size() * units;
    }

    @Override
    public Layer build(Shape input, Initialization init, DataType dataType, SplittableRandom rng) {
        outputShape(input);
        return Dense.create(this, input.size(), init, dataType, rng);
    }
}
