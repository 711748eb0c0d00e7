package dev.descent.scoring;

import dev.descent.diagnostics.ScoreMethod;
import dev.descent.model.ModelSpec;
import dev.descent.optim.OptimizerSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** What to score a dataset's rows with: a method, and the model and training that produce the models it scores. */
@Schema(description = "Score every row of a dataset: train `initializations` models (seeds seed, seed + 1, …) for "
        + "`epochs` on all its rows, score each row under each model, and average")
public record ScoringRequest(
        @Schema(description = "el2n: ‖softmax(f(x)) − onehot(y)‖₂ (classification); grand: ‖∇θ loss(x, y)‖₂",
                example = "el2n", allowableValues = {"el2n", "grand"}) @NotNull ScoreMethod method,
        @NotNull @Valid ModelSpec model,
        @NotNull @Valid OptimizerSpec optimizer,
        @Schema(description = "Epochs of training before scoring: the paper scores early, after a few", example = "3")
        @NotNull @Min(1) @Max(100000) Integer epochs,
        @Schema(description = "Rows per step", example = "32", defaultValue = "32") @Min(1) Integer batchSize,
        @Schema(description = "Seed of the first run; run i is seeded seed + i", example = "0", defaultValue = "0")
        Long seed,
        @Schema(description = "Independently seeded runs whose scores are averaged (at most "
                + "descent.scores.max-initializations)", example = "4", defaultValue = "1") @Min(1) Integer initializations) {

    public ScoringRequest {
        batchSize = batchSize != null ? batchSize : 32;
        seed = seed != null ? seed : 0L;
        initializations = initializations != null ? initializations : 1;
    }
}
