package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** SGD on labels with fresh noise every step, an implicit regulariser. */
@Schema(description = "Label-noise SGD: fresh label noise each step (regression y + σε; classification: flip to a "
        + "random class with probability p), then an SGD step")
@JsonTypeName("label-noise-sgd")
public record LabelNoiseSgdSpec(
        @Schema(description = "Learning rate γ", example = "0.05", defaultValue = "0.01") @Positive Double learningRate,
        @Schema(description = "σ of the Gaussian noise on regression targets", example = "0.1", defaultValue = "0.1")
        @PositiveOrZero Double sigma,
        @Schema(description = "Probability p of flipping a class label", example = "0.1", defaultValue = "0.1")
        @DecimalMin("0.0") @DecimalMax("1.0") Double flipProbability) implements OptimizerSpec {

    public LabelNoiseSgdSpec {
        learningRate = learningRate != null ? learningRate : 0.01;
        sigma = sigma != null ? sigma : 0.1;
        flipProbability = flipProbability != null ? flipProbability : 0.1;
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new LabelNoiseSgd(this, context.seed());
    }

    @Override
    public boolean usesOnlyTheBatchGradient() {
        return false;
    }
}
