package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.model.Initialization;
import dev.descent.model.Layer;
import dev.descent.model.Shape;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

@Schema(description = "Batch normalisation per channel of an image (per feature of a row), PyTorch's convention: "
        + "batch statistics (biased variance) while training, running statistics (unbiased variance, updated with "
        + "momentum) for inference; learned scale and shift. Not allowed with DP-SGD: it mixes the examples of a "
        + "batch, which breaks the per-example guarantee")
@JsonTypeName("batch-norm")
public record BatchNormSpec(
        @Schema(description = "Weight of the newest batch in the running statistics", example = "0.1",
                defaultValue = "0.1") @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double momentum)
        implements LayerSpec {

    /** PyTorch's default ε. */
    static final double EPSILON = 1e-5;

    public BatchNormSpec {
        momentum = momentum != null ? momentum : 0.1;
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public long parameterCount(Shape input) {
        return 2L * channels(input);
    }

    @Override
    public long flopsPerExample(Shape input) {
        return 4L * input.size();
    }

    @Override
    public Layer build(Shape input, Initialization init, DataType dataType, SplittableRandom rng) {
        return new BatchNorm(this, input, channels(input), dataType);
    }

    private static int channels(Shape input) {
        return input.isImage() ? input.channels() : input.size();
    }
}
