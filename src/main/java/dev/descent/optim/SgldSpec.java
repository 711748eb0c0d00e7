package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** Stochastic gradient Langevin dynamics: SGD on N × the mean loss plus Gaussian noise, sampling the posterior. */
@JsonTypeName("sgld")
@Schema(description = "SGLD: θ ← θ − γ∇U(θ) + √(2γT)·ξ with U = N·(mean batch loss) + λ‖θ‖²/2")
public record SgldSpec(
        @Schema(description = "Learning rate γ (small: the gradient is scaled by the training row count N)",
                example = "1e-5", defaultValue = "1e-5") @Positive Double learningRate,
        @Schema(description = "Temperature T", example = "1", defaultValue = "1") @PositiveOrZero Double temperature,
        @Schema(description = "Precision λ of a Gaussian prior on the parameters (0: flat)", example = "0",
                defaultValue = "0") @PositiveOrZero Double priorPrecision) implements OptimizerSpec {

    public SgldSpec {
        learningRate = learningRate != null ? learningRate : 1e-5;
        temperature = temperature != null ? temperature : 1.0;
        priorPrecision = priorPrecision != null ? priorPrecision : 0.0;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new Sgld(this, context);
    }
}
