package dev.descent.continual;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * Continual learning: the job trains on its tasks one after another, each for training.epochs, and after each records
 * the accuracy on every task so far (docs/methods.md).
 */
@Schema(description = "Continual learning, plain or by orthogonal gradient descent (Farajtabar et al. 2020): train "
        + "on a sequence of tasks, each for training.epochs epochs from the weights the last one left, recording after each task the held-out accuracy on every task so far (the "
        + "curve task_accuracy, one series per task; GET /jobs/{id}/continual for the task × task matrix)")
public record ContinualSpec(
        @ArraySchema(arraySchema = @Schema(description = "The tasks, in training order"), minItems = 2,
                maxItems = 50) @NotNull @Size(min = 2, max = 50) List<@Valid @NotNull TaskSpec> tasks,
        @Schema(description = "sgd: each task trained as it is; ogd: orthogonal gradient descent (Farajtabar et al. "
                + "2020), every gradient with the span of the earlier tasks' output gradients removed",
                example = "ogd", defaultValue = "sgd", allowableValues = {"sgd", "ogd"}) ContinualMethod method,
        @Schema(description = "ogd: output gradients kept per finished task, at examples drawn from its training "
                + "rows", example = "200", defaultValue = "200") @Min(1) @Max(2000) Integer memoryPerTask) {

    public ContinualSpec {
        tasks = tasks != null ? List.copyOf(tasks) : null;
        method = method != null ? method : ContinualMethod.SGD;
        memoryPerTask = memoryPerTask != null ? memoryPerTask : 200;
    }
}
