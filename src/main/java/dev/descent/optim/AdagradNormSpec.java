package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;

/** AdaGrad-Norm: a single adaptive step size from the global gradient norm. */
@JsonTypeName("adagrad-norm")
@Schema(description = "AdaGrad-Norm: one scalar step size γ/b with b² accumulating ‖g‖²")
public record AdagradNormSpec(
        @Schema(description = "Learning rate γ", example = "1.0", defaultValue = "1.0") @Positive Double learningRate,
        @Schema(description = "Initial b0 > 0", example = "0.01", defaultValue = "0.01") @Positive Double b0)
        implements OptimizerSpec {

    public AdagradNormSpec {
        learningRate = learningRate != null ? learningRate : 1.0;
        b0 = b0 != null ? b0 : 1e-2;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new AdagradNorm(b0);
    }
}
