package dev.descent.optim;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;

/** Stochastic Frank-Wolfe on an L1 ball or a simplex, per parameter array. */
@Schema(description = "Stochastic Frank-Wolfe: projection-free steps towards the vertex of the L1 ball (or simplex) "
        + "of radius r that minimises ⟨d, v⟩ for the averaged gradient d; step η_t = min(1, γ·2/(t+2))")
@JsonTypeName("frank-wolfe")
public record FrankWolfeSpec(
        @Schema(description = "Scale γ of the step size 2/(t+2)", example = "1.0", defaultValue = "1.0")
        @Positive Double learningRate,
        @Schema(description = "Radius r of the constraint set", example = "10.0", defaultValue = "1.0") @Positive Double radius,
        @Schema(description = "Constraint set: l1-ball or simplex", example = "l1-ball", defaultValue = "l1-ball",
                allowableValues = {"l1-ball", "simplex"}) String set) implements OptimizerSpec {

    public FrankWolfeSpec {
        learningRate = learningRate != null ? learningRate : 1.0;
        radius = radius != null ? radius : 1.0;
        set = set != null ? set : "l1-ball";
    }

    @jakarta.validation.constraints.AssertTrue(message = "set must be l1-ball or simplex")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isKnownSet() {
        return set.equals("l1-ball") || set.equals("simplex");
    }

    @Override
    public Optimizer create(OptimizerContext context) {
        return new FrankWolfe(radius, set.equals("simplex"));
    }
}
