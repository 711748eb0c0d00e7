package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

/** Sign-based descent with variance reduction (SSVR). */
@Schema(description = "SSVR: θ ← θ − γ sign(v) with the STORM estimator v_t = g(x_t) + (1−β)(v_{t−1} − g(x_{t−1})), "
        + "both gradients on the current batch; costs a second gradient per step")
@JsonTypeName("ssvr")
public record SsvrSpec(
        @Schema(description = "Learning rate γ", example = "0.001", defaultValue = "0.001") @Positive Double learningRate,
        @Schema(description = "Momentum parameter β of the estimator", example = "0.1", defaultValue = "0.1")
        @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0") Double beta) implements OptimizerSpec {

    public SsvrSpec {
        learningRate = learningRate != null ? learningRate : 1e-3;
        beta = beta != null ? beta : 0.1;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new Ssvr(beta);
    }

    @Override
    public boolean usesOnlyTheBatchGradient() {
        return false;
    }
}
