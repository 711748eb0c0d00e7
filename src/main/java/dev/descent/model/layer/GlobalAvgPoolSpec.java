package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.model.Initialization;
import dev.descent.model.Layer;
import dev.descent.model.Shape;
import io.swagger.v3.oas.annotations.media.Schema;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

@Schema(description = "The mean of each channel over the image: [channels, height, width] to channels features")
@JsonTypeName("global-avg-pool")
public record GlobalAvgPoolSpec() implements LayerSpec {

    @Override
    public Shape outputShape(Shape input) {
        if (!input.isImage()) {
            throw new InvalidLayerException("global-avg-pool takes an image [channels, height, width], its input is "
                    + "rows of " + input.size() + " features");
        }
        return Shape.features(input.channels());
    }

    @Override
    public long flopsPerExample(Shape input) {
        return input.size();
    }

    @Override
    public Layer build(Shape input, Initialization init, DataType dataType, SplittableRandom rng) {
        return new GlobalAvgPool(this, input, outputShape(input));
    }
}
