package dev.descent.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.descent.job.JobSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.LinkedHashMap;

/**
 * A search: a base job spec, the parameters to vary (dotted paths into it, each with a domain), how to search and
 * what to optimise. Stored with the sweep as submitted; the same spec and seed draw the same trials.
 */
@Schema(description = "A hyperparameter sweep: trials of a base job spec with some of its fields varied")
public record SweepSpec(
        @Schema(description = "A name for people", example = "iris-lr") @Size(max = 200)
        @Pattern(regexp = "\\P{Cntrl}*", message = "must not contain control characters") String name,
        @Schema(description = "The job every trial starts from; its training.epochs is the most a trial trains")
        @NotNull @Valid JobSpec base,
        @Schema(description = "Dotted paths into the base spec (indexes in brackets: model.layers[1].units), each "
                + "with its domain", example = "{\"optimizer.learningRate\": {\"logUniform\": [0.001, 0.1]}}")
        @NotEmpty @Size(max = 20) LinkedHashMap<String, @NotNull @Valid ParameterDomain> parameters,
        @Schema(description = "grid (every combination of values and intRange domains), random (maxTrials draws) "
                + "or asha (asynchronous successive halving over random draws, or the grid's points in a seeded order "
                + "when every domain is discrete)", defaultValue = "grid") Method method,
        @Schema(description = "The per-epoch metric to optimise", defaultValue = "validation_loss",
                allowableValues = {"train_loss", "train_accuracy", "validation_loss", "validation_accuracy",
                        "validation_rmse", "validation_r2"})
        @Pattern(regexp = "train_loss|train_accuracy|validation_loss|validation_accuracy|validation_rmse|validation_r2",
                message = "must be one of train_loss, train_accuracy, validation_loss, validation_accuracy, "
                        + "validation_rmse, validation_r2") String metric,
        @Schema(description = "min or max; by default max for accuracy and R², min otherwise") Goal goal,
        @Schema(description = "Trials at most (random and asha: how many configurations to draw)", example = "27")
        @Min(1) Integer maxTrials,
        @Schema(description = "Trials queued or running at once; the rest wait in the sweep, not in the queue",
                defaultValue = "4") @Min(1) @Max(1000) Integer maxConcurrentTrials,
        @Schema(description = "Replicates of each configuration, trained with training.seed + 0, 1, …; the "
                + "leaderboard gives their mean and a 95% interval", defaultValue = "1") @Min(1) @Max(100) Integer seeds,
        @Schema(description = "Seeds the draws of random and asha", defaultValue = "0") Long seed,
        @Schema(description = "asha: the fraction 1/η of a rung promoted to the next", defaultValue = "3")
        @Min(2) @Max(100) Integer reductionFactor,
        @Schema(description = "asha: the epochs of the first rung; rungs grow by reductionFactor up to the base "
                + "spec's epochs", defaultValue = "1") @Min(1) Integer minEpochs) {

    public enum Method {
        @JsonProperty("grid") GRID,
        @JsonProperty("random") RANDOM,
        @JsonProperty("asha") ASHA
    }

    public enum Goal {
        @JsonProperty("min") MIN,
        @JsonProperty("max") MAX
    }

    public SweepSpec {
        method = method != null ? method : Method.GRID;
        metric = metric != null ? metric : "validation_loss";
        goal = goal != null ? goal : metric.endsWith("accuracy") || metric.endsWith("r2") ? Goal.MAX : Goal.MIN;
        maxConcurrentTrials = maxConcurrentTrials != null ? maxConcurrentTrials : 4;
        seeds = seeds != null ? seeds : 1;
        seed = seed != null ? seed : 0L;
        reductionFactor = reductionFactor != null ? reductionFactor : 3;
        minEpochs = minEpochs != null ? minEpochs : 1;
    }
}
