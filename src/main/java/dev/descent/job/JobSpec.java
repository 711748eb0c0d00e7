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

import java.util.Map;

/** Everything that defines a training run; stored with the job as submitted. */
@Schema(description = "A training job: what to train on, what to train, how to descend and for how long")
public record JobSpec(
        @Schema(description = "A name for people; need not be unique", example = "iris-mlp") @Size(max = 200)
        // NUL cannot be stored in PostgreSQL text; other control characters garble logs and terminals
        @Pattern(regexp = "\\P{Cntrl}*", message = "must not contain control characters") String name,
        @NotNull @Valid DatasetRef dataset,
        @NotNull @Valid ModelSpec model,
        @NotNull @Valid OptimizerSpec optimizer,
        @NotNull @Valid TrainingSettings training,
        @Schema(description = "The project the job belongs to, to find it by; PATCH /jobs/{id} changes it",
                example = "digits-study") @Size(max = 100)
        @Pattern(regexp = JobLabels.TEXT, message = JobLabels.NO_CONTROL) String project,
        @Schema(description = "Tags, key → value, to find the job by (GET /jobs?tag=key:value); at most 32; PATCH "
                + "/jobs/{id} changes them", example = "{\"team\": \"vision\", \"stage\": \"baseline\"}")
        @Size(max = 32) Map<@Pattern(regexp = JobLabels.KEY, message = JobLabels.KEY_RULE) String,
                @NotNull @Size(max = 256) @Pattern(regexp = JobLabels.TEXT, message = JobLabels.NO_CONTROL) String> tags) {

    /** A job without project or tags. */
    public JobSpec(String name, DatasetRef dataset, ModelSpec model, OptimizerSpec optimizer,
                   TrainingSettings training) {
        this(name, dataset, model, optimizer, training, null, null);
    }

    /** The spec as stored: its settings, without the project and tags, which the job keeps and PATCH changes. */
    JobSpec settings() {
        return new JobSpec(name, dataset, model, optimizer, training);
    }
}
