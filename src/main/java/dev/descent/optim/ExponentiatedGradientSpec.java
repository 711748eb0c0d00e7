package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;

/** Exponentiated gradient on the simplex (EG) or the L1 ball (EG±), per parameter array. */
@Schema(description = "Exponentiated gradient: multiplicative updates keeping each parameter array on the simplex "
        + "Σw = U, w ≥ 0 (EG), or, signed, on the L1 ball of radius U (EG±); starts at the set's centre")
@JsonTypeName("eg")
public record ExponentiatedGradientSpec(
        @Schema(description = "Learning rate γ", example = "0.1", defaultValue = "0.1") @Positive Double learningRate,
        @Schema(description = "U: the simplex's total, or the L1 ball's radius", example = "1.0", defaultValue = "1.0")
        @Positive Double total,
        @Schema(description = "EG± (w = w⁺ − w⁻, an L1 ball) instead of EG (the simplex)", example = "true",
                defaultValue = "false") Boolean signed) implements OptimizerSpec {

    public ExponentiatedGradientSpec {
        learningRate = learningRate != null ? learningRate : 0.1;
        total = total != null ? total : 1.0;
        signed = signed != null && signed;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new ExponentiatedGradient(total, signed);
    }
}
