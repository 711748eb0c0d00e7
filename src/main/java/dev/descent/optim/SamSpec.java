package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** SAM or, adaptive, ASAM around any base optimizer; the learning rate is the base's. */
@Schema(description = "SAM (adaptive: ASAM): the base optimizer steps with the gradient at the worst nearby point "
        + "θ + e, ‖e‖ = ρ; costs a second gradient per step")
@JsonTypeName("sam")
public record SamSpec(
        @Schema(description = "Neighbourhood radius ρ", example = "0.05", defaultValue = "0.05") @Positive Double rho,
        @Schema(description = "ASAM: scale the neighbourhood by |θ|", example = "false", defaultValue = "false")
        Boolean adaptive,
        @Schema(description = "The optimizer that takes the step, e.g. {\"type\": \"sgd\", \"learningRate\": 0.1}")
        @NotNull @Valid OptimizerSpec base) implements OptimizerSpec {

    public SamSpec {
        rho = rho != null ? rho : 0.05;
        adaptive = adaptive != null && adaptive;
    }

    @Override
    public Double learningRate() {
        return base.learningRate();
    }

    @Override
    public boolean adamType() {
        return base.adamType();
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new Sam(rho, adaptive, base.create(context));
    }

    @Override
    public boolean usesOnlyTheBatchGradient() {
        return false;
    }
}
