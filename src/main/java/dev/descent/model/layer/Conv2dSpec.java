package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.model.Activation;
import dev.descent.model.Initialization;
import dev.descent.model.Layer;
import dev.descent.model.Shape;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.List;
import java.util.SplittableRandom;

@Schema(description = "A 2-D convolution over an image [channels, height, width], NCHW with weights [filters, "
        + "channels, kernel height, kernel width] as in PyTorch, plus a bias per filter, then the activation")
@JsonTypeName("conv2d")
public record Conv2dSpec(
        @Schema(description = "Number of filters (output channels)", example = "32") @NotNull @Min(1) @Max(4096)
        Integer filters,
        @ArraySchema(schema = @Schema(description = "Kernel [height, width]", example = "5"), minItems = 2,
                maxItems = 2) @NotNull @Size(min = 2, max = 2) List<@NotNull @Min(1) @Max(64) Integer> kernel,
        @ArraySchema(schema = @Schema(description = "Stride [height, width]; [1, 1] when omitted", example = "1"),
                minItems = 2, maxItems = 2) @Size(min = 2, max = 2) List<@NotNull @Min(1) @Max(64) Integer> stride,
        @ArraySchema(schema = @Schema(description = "Dilation [height, width]; [1, 1] when omitted", example = "1"),
                minItems = 2, maxItems = 2) @Size(min = 2, max = 2) List<@NotNull @Min(1) @Max(64) Integer> dilation,
        @Schema(description = "valid (no padding) or same (zeros so the output has ⌈size/stride⌉ positions)",
                example = "same", defaultValue = "valid", allowableValues = {"valid", "same"}) Padding padding,
        @Schema(description = "Activation: relu, leaky-relu, tanh, sigmoid, gelu, identity", example = "relu",
                defaultValue = "relu", allowableValues = {"relu", "leaky-relu", "tanh", "sigmoid", "gelu", "identity"})
        Activation activation) implements LayerSpec {

    public Conv2dSpec {
        stride = stride != null ? stride : List.of(1, 1);
        dilation = dilation != null ? dilation : List.of(1, 1);
        padding = padding != null ? padding : Padding.VALID;
        activation = activation != null ? activation : Activation.RELU;
    }

    Window window() {
        return new Window(kernel.get(0), kernel.get(1), stride.get(0), stride.get(1), dilation.get(0), dilation.get(1),
                padding);
    }

    @Override
    public Shape outputShape(Shape input) {
        int[] size = window().outputSize(input, "conv2d");
        return Shape.image(filters, size[0], size[1]);
    }

    @Override
    public long parameterCount(Shape input) {
        return (long) filters * input.channels() * kernel.get(0) * kernel.get(1) + filters;
    }

    @Override
    public long flopsPerExample(Shape input) {
        Shape output = outputShape(input);
        return 2L * output.size() * input.channels() * kernel.get(0) * kernel.get(1);
    }

    @Override
    public Layer build(Shape input, Initialization init, DataType dataType, SplittableRandom rng) {
        return Conv2d.create(this, input, outputShape(input), init, dataType, rng);
    }
}
