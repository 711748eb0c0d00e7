package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

/** Signum: signSGD with momentum (Bernstein et al. 2018). */
@JsonTypeName("signum")
@Schema(description = "Signum: m ← βm + (1−β)g; θ ← θ − γ sign(m)")
public record SignumSpec(
        @Schema(description = "Learning rate γ", example = "0.001", defaultValue = "0.001") @Positive Double learningRate,
        @Schema(description = "Momentum β", example = "0.9", defaultValue = "0.9")
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax(value = "1.0", inclusive = false) Double beta)
        implements OptimizerSpec {

    public SignumSpec {
        learningRate = learningRate != null ? learningRate : 1e-3;
        beta = beta != null ? beta : 0.9;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new Signum(beta);
    }
}
