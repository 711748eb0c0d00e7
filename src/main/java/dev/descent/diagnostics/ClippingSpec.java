package dev.descent.diagnostics;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** What DP-SGD's clipping did to a step's batch. */
@Schema(description = "For a private job (training.privacy): the fraction of each step's examples whose gradient "
        + "was clipped and their mean gradient norm before clipping (curves clipped_fraction, "
        + "mean_example_gradient_norm); not covered by the job's ε")
public record ClippingSpec(
        @Schema(description = "Record every this many steps", example = "1", defaultValue = "1")
        @Min(1) @Max(1_000_000) Integer every) {

    public ClippingSpec {
        every = every != null ? every : 1;
    }
}
