package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

/** RMSProp (Tieleman & Hinton 2012), optionally centered and with momentum. */
@JsonTypeName("rmsprop")
@Schema(description = "RMSProp: steps scaled by a running RMS of the gradient; optionally centered, with momentum")
public record RmsPropSpec(
        @Schema(description = "Learning rate γ", example = "0.01", defaultValue = "0.01") @Positive Double learningRate,
        @Schema(description = "Smoothing constant α", example = "0.99", defaultValue = "0.99")
        @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double alpha,
        @Schema(description = "ε added to the denominator", example = "1e-8", defaultValue = "1e-8") @Positive Double epsilon,
        @Schema(description = "Momentum μ", example = "0", defaultValue = "0")
        @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double momentum,
        @Schema(description = "Divide by the estimated variance instead of the second moment", example = "false",
                defaultValue = "false") Boolean centered) implements OptimizerSpec {

    public RmsPropSpec {
        learningRate = learningRate != null ? learningRate : 1e-2;
        alpha = alpha != null ? alpha : 0.99;
        epsilon = epsilon != null ? epsilon : 1e-8;
        momentum = momentum != null ? momentum : 0.0;
        centered = centered != null && centered;
    }

    @Override
    public boolean adamType() {
        return true;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new RmsProp(this);
    }
}
