package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/** L-BFGS (Liu & Nocedal 1989), PyTorch's variant; best with full batches. */
@Schema(description = "L-BFGS: quasi-Newton steps from the last curvature pairs, up to maxIterations per batch, "
        + "optionally with a strong-Wolfe line search; best with full batches")
@JsonTypeName("lbfgs")
public record LbfgsSpec(
        @Schema(description = "Learning rate γ (the step length without line search)", example = "1.0",
                defaultValue = "1.0") @Positive Double learningRate,
        @Schema(description = "Curvature pairs kept", example = "100", defaultValue = "100") @Min(1) @Max(1000) Integer history,
        @Schema(description = "Iterations per step (per batch)", example = "20", defaultValue = "20") @Min(1) @Max(1000)
        Integer maxIterations,
        @Schema(description = "Stop when every gradient element is at most this", example = "1e-7", defaultValue = "1e-7")
        @Positive Double toleranceGrad,
        @Schema(description = "Stop when the loss or the step changes less than this", example = "1e-9",
                defaultValue = "1e-9") @Positive Double toleranceChange,
        @Schema(description = "Use the strong-Wolfe line search (c1 = 1e-4, c2 = 0.9)", example = "true",
                defaultValue = "false") Boolean strongWolfe) implements OptimizerSpec {

    public LbfgsSpec {
        learningRate = learningRate != null ? learningRate : 1.0;
        history = history != null ? history : 100;
        maxIterations = maxIterations != null ? maxIterations : 20;
        toleranceGrad = toleranceGrad != null ? toleranceGrad : 1e-7;
        toleranceChange = toleranceChange != null ? toleranceChange : 1e-9;
        strongWolfe = strongWolfe != null && strongWolfe;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new Lbfgs(this);
    }

    @Override
    public boolean usesOnlyTheBatchGradient() {
        return false;
    }
}
