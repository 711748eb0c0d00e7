package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** AdaGrad (Duchi, Hazan & Singer 2011), per coordinate. */
@JsonTypeName("adagrad")
@Schema(description = "AdaGrad: per-coordinate steps scaled by the root of the summed squared gradients")
public record AdagradSpec(
        @Schema(description = "Learning rate γ", example = "0.01", defaultValue = "0.01") @Positive Double learningRate,
        @Schema(description = "Learning-rate decay η: γ/(1+(t−1)η)", example = "0", defaultValue = "0")
        @PositiveOrZero Double learningRateDecay,
        @Schema(description = "Initial value of the accumulator", example = "0", defaultValue = "0")
        @PositiveOrZero Double initialAccumulator,
        @Schema(description = "ε added to the denominator", example = "1e-10", defaultValue = "1e-10") @Positive Double epsilon)
        implements OptimizerSpec {

    public AdagradSpec {
        learningRate = learningRate != null ? learningRate : 1e-2;
        learningRateDecay = learningRateDecay != null ? learningRateDecay : 0.0;
        initialAccumulator = initialAccumulator != null ? initialAccumulator : 0.0;
        epsilon = epsilon != null ? epsilon : 1e-10;
    }

    @Override
    public boolean adamType() {
        return true;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new Adagrad(this);
    }
}
