package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.model.Initialization;
import dev.descent.model.Layer;
import dev.descent.model.Shape;
import io.swagger.v3.oas.annotations.media.Schema;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

@Schema(description = "Layer normalisation over all the values of each example (PyTorch's LayerNorm over the "
        + "example's whole shape): (x − mean)/√(variance + 1e-5), then a learned scale γ and shift β per value")
@JsonTypeName("layer-norm")
public record LayerNormSpec() implements LayerSpec {

    /** PyTorch's default ε. */
    static final double EPSILON = 1e-5;

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public long parameterCount(Shape input) {
        return 2L * input.size();
    }

    @Override
    public long flopsPerExample(Shape input) {
        return 8L * input.size();
    }

    @Override
    public Layer build(Shape input, Initialization init, DataType dataType, SplittableRandom rng) {
        return new LayerNorm(this, input, dataType);
    }
}
