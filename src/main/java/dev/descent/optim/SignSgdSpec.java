package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;

/** signSGD (Bernstein et al. 2018). */
@JsonTypeName("signsgd")
@Schema(description = "signSGD: θ ← θ − γ sign(g)")
public record SignSgdSpec(
        @Schema(description = "Learning rate γ", example = "0.001", defaultValue = "0.001") @Positive Double learningRate)
        implements OptimizerSpec {

    public SignSgdSpec {
        learningRate = learningRate != null ? learningRate : 1e-3;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new Signum(0);
    }
}
