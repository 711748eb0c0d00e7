package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and coupled weight decay. */
@JsonTypeName("sgd")
@Schema(description = "SGD (PyTorch convention: the learning rate multiplies the momentum buffer)")
public record SgdSpec(
        @Schema(description = "Learning rate γ", example = "0.1", defaultValue = "0.01") @Positive Double learningRate,
        @Schema(description = "Momentum μ", example = "0.9", defaultValue = "0")
        @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) Double momentum,
        @Schema(description = "Dampening τ of the momentum buffer", example = "0", defaultValue = "0")
        @DecimalMin("0.0") @DecimalMax("1.0") Double dampening,
        @Schema(description = "Weight decay λ (L2 added to the gradient)", example = "0", defaultValue = "0")
        @PositiveOrZero Double weightDecay,
        @Schema(description = "Nesterov momentum (needs momentum > 0 and dampening 0)", example = "false",
                defaultValue = "false") Boolean nesterov) implements OptimizerSpec {

    public SgdSpec {
        learningRate = learningRate != null ? learningRate : 0.01;
        momentum = momentum != null ? momentum : 0.0;
        dampening = dampening != null ? dampening : 0.0;
        weightDecay = weightDecay != null ? weightDecay : 0.0;
        nesterov = nesterov != null && nesterov;
    }

    @JsonIgnore
    @AssertTrue(message = "nesterov needs momentum > 0 and dampening 0")
    public boolean isNesterovConsistent() {
        return !nesterov || (momentum > 0 && dampening == 0);
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new Sgd(this);
    }
}
