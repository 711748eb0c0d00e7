package dev.descent.diagnostics;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** m-coherence of per-example gradients (Chatterjee and Zielinski), on a sample of training rows fixed for the run. */
@Schema(description = "Gradient coherence α = m·‖mean g_i‖² / mean ‖g_i‖² of the per-example gradients of a fixed "
        + "sample of m training rows: 1 for orthogonal gradients, m for identical ones (curve coherence)")
public record CoherenceSpec(
        @Schema(description = "Measure after every this many steps", example = "100", defaultValue = "100")
        @Min(1) @Max(1_000_000) Integer every,
        @Schema(description = "m: rows in the sample (fewer if the training set is smaller)", example = "128",
                defaultValue = "128") @Min(2) @Max(4096) Integer examples) {

    public CoherenceSpec {
        every = every != null ? every : 100;
        examples = examples != null ? examples : 128;
    }
}
