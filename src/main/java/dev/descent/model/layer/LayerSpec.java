package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.descent.model.Initialization;
import dev.descent.model.Layer;
import dev.descent.model.Shape;
import io.swagger.v3.oas.annotations.media.Schema;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

/**
 * A layer's settings, selected by {@code type}. Given the shape of its input it says the shape of its output (or
 * why it cannot take that input), its size and cost, and builds the layer.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@Schema(description = "A layer, chosen by type", discriminatorProperty = "type")
public sealed interface LayerSpec permits DenseSpec, Conv2dSpec, MaxPool2dSpec, AvgPool2dSpec, GlobalAvgPoolSpec,
        FlattenSpec, DropoutSpec, LayerNormSpec, BatchNormSpec, ResidualSpec {

    /**
     * The shape of one example after this layer.
     *
     * @throws InvalidLayerException when the layer cannot take this input, saying why
     */
    Shape outputShape(Shape input);

    /** Trained values (weights, biases, scales) for this input; buffers such as running statistics not counted. */
    default long parameterCount(Shape input) {
        return 0;
    }

    /** Floating-point operations of one example's forward pass (a multiply-add counts two). */
    long flopsPerExample(Shape input);

    /** A fresh layer for inputs of this shape; its weights drawn from {@code rng}. */
    Layer build(Shape input, Initialization init, DataType dataType, SplittableRandom rng);
}
