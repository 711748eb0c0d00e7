package dev.descent.model.layer;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.model.Initialization;
import dev.descent.model.Layer;
import dev.descent.model.Shape;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.SplittableRandom;

@Schema(description = "Inverted dropout: while training each value is zeroed with probability rate and the rest "
        + "scaled by 1/(1 − rate); inference passes values unchanged")
@JsonTypeName("dropout")
public record DropoutSpec(
        @Schema(description = "Probability of zeroing a value", example = "0.25") @NotNull @DecimalMin("0.0")
        @DecimalMax(value = "1.0", inclusive = false) Double rate) implements LayerSpec {

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public long flopsPerExample(Shape input) {
        return input.size();
    }

    @Override
    public Layer build(Shape input, Initialization init, DataType dataType, SplittableRandom rng) {
        return new Dropout(this, input);
    }
}
