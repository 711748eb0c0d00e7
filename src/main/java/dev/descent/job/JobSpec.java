package dev.descent.job;

import dev.descent.dataset.DatasetRef;
import dev.descent.model.ModelSpec;
import dev.descent.optim.OptimizerSpec;
import dev.descent.training.TrainingSettings;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Everything that defines a training run; stored with the job as submitted. */
@Schema(description = "A training job: what to train on, what to train, how to descend and for how long")
public record JobSpec(
        @Schema(description = "A name for people; need not be unique", example = "iris-mlp") @Size(max = 200)
        // NUL cannot be stored in PostgreSQL text; other control characters garble logs and terminals
        @Pattern(regexp = "\\P{Cntrl}*", message = "must not contain control characters") String name,
        @NotNull @Valid DatasetRef dataset,
        @NotNull @Valid ModelSpec model,
        @NotNull @Valid OptimizerSpec optimizer,
        @NotNull @Valid TrainingSettings training) {
}
