package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.model.Initialization;
import dev.descent.model.Layer;
import dev.descent.model.Shape;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

@Schema(description = "A residual block: its layers' output plus its input. Where the shapes differ the input is "
        + "projected first: by a 1×1 convolution (strided to the output's size) for images, a dense layer for rows")
@JsonTypeName("residual")
public record ResidualSpec(
        @ArraySchema(schema = @Schema(implementation = LayerSpec.class), arraySchema = @Schema(
                description = "The block's layers, input side first"))
        @NotNull @Size(min = 1, max = 64) List<@Valid @NotNull LayerSpec> layers) implements LayerSpec {

    @Override
    public Shape outputShape(Shape input) {
        Shape output = innerOutput(input);
        projection(input, output); // throws if no projection can match the shapes
        return output;
    }

    @Override
    public long parameterCount(Shape input) {
        return sum(input, LayerSpec::parameterCount);
    }

    @Override
    public long flopsPerExample(Shape input) {
        // the addition: one per output value
        return sum(input, LayerSpec::flopsPerExample) + outputShape(input).size();
    }

    /** A measure of the block's layers, each on its own input, and of the projection, if any. */
    private long sum(Shape input, java.util.function.ToLongBiFunction<LayerSpec, Shape> measure) {
        long total = 0;
        Shape shape = input;
        for (LayerSpec layer : layers) {
            total += measure.applyAsLong(layer, shape);
            shape = layer.outputShape(shape);
        }
        LayerSpec projection = projection(input, shape);
        return total + (projection != null ? measure.applyAsLong(projection, input) : 0);
    }

    @Override
    public Layer build(Shape input, Initialization init, DataType dataType, SplittableRandom rng) {
        List<Layer> built = new ArrayList<>();
        Shape shape = input;
        for (LayerSpec layer : layers) {
            Layer next = layer.build(shape, init, dataType, rng);
            built.add(next);
            shape = next.outputShape();
        }
        LayerSpec projection = projection(input, shape);
        return new Residual(this, input, built, projection != null ? projection.build(input, init, dataType, rng) : null);
    }

    private Shape innerOutput(Shape input) {
        Shape shape = input;
        for (int i = 0; i < layers.size(); i++) {
            try {
                shape = layers.get(i).outputShape(shape);
            } catch (InvalidLayerException e) {
                throw new InvalidLayerException("layers[" + i + "]: " + e.getMessage());
            }
        }
        return shape;
    }

    /** What makes the input the output's shape; null when it already is. */
    static LayerSpec projection(Shape input, Shape output) {
        if (input.equals(output)) {
            return null;
        }
        if (input.isImage() != output.isImage()) {
            throw new InvalidLayerException("a residual block must keep an image an image (or rows rows): its input is "
                    + input + ", its layers give " + output);
        }
        if (!input.isImage()) {
            return new DenseSpec(output.size(), dev.descent.model.Activation.IDENTITY, 0.0);
        }
        int strideHeight = Math.max(1, (input.height() + output.height() - 1) / output.height());
        int strideWidth = Math.max(1, (input.width() + output.width() - 1) / output.width());
        Conv2dSpec conv = new Conv2dSpec(output.channels(), List.of(1, 1), List.of(strideHeight, strideWidth), null,
                Padding.VALID, dev.descent.model.Activation.IDENTITY);
        if (!conv.outputShape(input).equals(output)) {
            throw new InvalidLayerException("no strided 1×1 projection takes the block's input " + input + " to its "
                    + "layers' output " + output + ": keep the size, or reduce it by a whole stride");
        }
        return conv;
    }
}
