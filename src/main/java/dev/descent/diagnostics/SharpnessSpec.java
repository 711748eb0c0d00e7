package dev.descent.diagnostics;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** λ_max of the training loss's Hessian on a fixed sample, by power iteration (Cohen et al. 2021). */
@Schema(description = "Sharpness: the top eigenvalue λ_max of the Hessian of the training loss on a fixed sample of "
        + "rows, by power iteration on Hessian-vector products, drawn with the line 2/η (curve sharpness). Measured "
        + "every everyEpochs epochs, or every everySteps steps when that is given")
public record SharpnessSpec(
        @Schema(description = "Measure at the end of every this many epochs", example = "1", defaultValue = "1")
        @Min(1) @Max(100000) Integer everyEpochs,
        @Schema(description = "Measure after every this many steps instead of by epochs", example = "50")
        @Min(1) @Max(1_000_000) Integer everySteps,
        @Schema(description = "Rows in the sample (fewer if the training set is smaller)", example = "128",
                defaultValue = "128") @Min(1) @Max(8192) Integer examples,
        @Schema(description = "At most this many power iterations (Hessian-vector products)", example = "20",
                defaultValue = "20") @Min(1) @Max(1000) Integer maxIterations,
        @Schema(description = "Stop when the estimate changes by less than this, relatively", example = "0.001",
                defaultValue = "0.001") @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1",
                inclusive = false) Double tolerance) {

    public SharpnessSpec {
        everyEpochs = everyEpochs != null ? everyEpochs : 1;
        examples = examples != null ? examples : 128;
        maxIterations = maxIterations != null ? maxIterations : 20;
        tolerance = tolerance != null ? tolerance : 1e-3;
    }

    /** Whether it is measured after step {@code step}. */
    public boolean dueAfterStep(long step) {
        return everySteps != null && step % everySteps == 0;
    }

    /** Whether it is measured at the end of epoch {@code epoch}. */
    public boolean dueAfterEpoch(int epoch) {
        return everySteps == null && epoch % everyEpochs == 0;
    }
}
