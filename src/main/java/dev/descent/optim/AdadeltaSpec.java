package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

/** Adadelta (Zeiler 2012). */
@JsonTypeName("adadelta")
@Schema(description = "Adadelta: steps scaled by the ratio of running RMS of updates and of gradients")
public record AdadeltaSpec(
        @Schema(description = "Learning rate γ", example = "1.0", defaultValue = "1.0") @Positive Double learningRate,
        @Schema(description = "Decay ρ of the running averages", example = "0.9", defaultValue = "0.9")
        @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double rho,
        @Schema(description = "ε inside the square roots", example = "1e-6", defaultValue = "1e-6") @Positive Double epsilon)
        implements OptimizerSpec {

    public AdadeltaSpec {
        learningRate = learningRate != null ? learningRate : 1.0;
        rho = rho != null ? rho : 0.9;
        epsilon = epsilon != null ? epsilon : 1e-6;
    }

    @Override
    public boolean adamType() {
        return true;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new Adadelta(this);
    }
}
