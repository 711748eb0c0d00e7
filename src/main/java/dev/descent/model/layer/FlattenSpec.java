package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.model.Initialization;
import dev.descent.model.Layer;
import dev.descent.model.Shape;
import io.swagger.v3.oas.annotations.media.Schema;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

@Schema(description = "Flattens an image [channels, height, width] into channels·height·width features, in that "
        + "order (PyTorch's flatten of NCHW)")
@JsonTypeName("flatten")
public record FlattenSpec() implements LayerSpec {

    @Override
    public Shape outputShape(Shape input) {
        return Shape.features(input.size());
    }

    @Override
    public long flopsPerExample(Shape input) {
        return 0;
    }

    @Override
    public Layer build(Shape input, Initialization init, DataType dataType, SplittableRandom rng) {
        return new Reshape(this, input, outputShape(input));
    }
}
