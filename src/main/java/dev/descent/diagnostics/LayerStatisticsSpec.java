package dev.descent.diagnostics;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Per-layer norms, as DL4J's training UI shows them. */
@Schema(description = "For each layer with parameters: its gradient norm, weight norm and update-to-weight ratio "
        + "‖Δθ‖/‖θ‖ (curves layer_gradient_norm, layer_weight_norm, layer_update_ratio, one series per layer)")
public record LayerStatisticsSpec(
        @Schema(description = "Record every this many steps", example = "1", defaultValue = "1")
        @Min(1) @Max(1_000_000) Integer every) {

    public LayerStatisticsSpec {
        every = every != null ? every : 1;
    }
}
