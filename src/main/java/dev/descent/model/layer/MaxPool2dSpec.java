package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeName;
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

@Schema(description = "The maximum of each window of each channel, no padding")
@JsonTypeName("max-pool2d")
public record MaxPool2dSpec(
        @ArraySchema(schema = @Schema(description = "Window [height, width]", example = "2"), minItems = 2,
                maxItems = 2) @NotNull @Size(min = 2, max = 2) List<@NotNull @Min(1) @Max(64) Integer> size,
        @ArraySchema(schema = @Schema(description = "Stride [height, width]; the window's size when omitted",
                example = "2"), minItems = 2, maxItems = 2)
        @Size(min = 2, max = 2) List<@NotNull @Min(1) @Max(64) Integer> stride) implements LayerSpec {

    public MaxPool2dSpec {
        stride = stride != null ? stride : size;
    }

    @Override
    public Shape outputShape(Shape input) {
        return Pool2d.outputShape(window(), input, "max-pool2d");
    }

    @Override
    public long flopsPerExample(Shape input) {
        return (long) outputShape(input).size() * size.get(0) * size.get(1);
    }

    @Override
    public Layer build(Shape input, Initialization init, DataType dataType, SplittableRandom rng) {
        return new Pool2d(this, Pool2d.Kind.MAX, window(), input, outputShape(input));
    }

    private Window window() {
        return new Window(size.get(0), size.get(1), stride.get(0), stride.get(1), 1, 1, Padding.VALID);
    }
}
