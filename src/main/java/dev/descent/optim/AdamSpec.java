package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** Adam (Kingma & Ba 2015) with bias correction and optional coupled L2 weight decay. */
@JsonTypeName("adam")
@Schema(description = "Adam (PyTorch convention: ε outside the square root; weight decay is coupled L2)")
public record AdamSpec(
        @Schema(description = "Learning rate γ", example = "0.001", defaultValue = "0.001") @Positive Double learningRate,
        @Schema(description = "β1, decay of the first moment", example = "0.9", defaultValue = "0.9")
        @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double beta1,
        @Schema(description = "β2, decay of the second moment", example = "0.999", defaultValue = "0.999")
        @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double beta2,
        @Schema(description = "ε added to the denominator", example = "1e-8", defaultValue = "1e-8") @Positive Double epsilon,
        @Schema(description = "Weight decay λ (L2 added to the gradient)", example = "0", defaultValue = "0")
        @PositiveOrZero Double weightDecay) implements OptimizerSpec {

    public AdamSpec {
        learningRate = learningRate != null ? learningRate : 1e-3;
        beta1 = beta1 != null ? beta1 : 0.9;
        beta2 = beta2 != null ? beta2 : 0.999;
        epsilon = epsilon != null ? epsilon : 1e-8;
        weightDecay = weightDecay != null ? weightDecay : 0.0;
    }

    @Override
    public boolean adamType() {
        return true;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new Adam(beta1, beta2, epsilon, weightDecay, false, false);
    }
}
