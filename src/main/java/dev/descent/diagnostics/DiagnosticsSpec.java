package dev.descent.diagnostics;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;

import java.util.stream.Stream;

/**
 * What a job records beyond its loss and gradient norm (docs/diagnostics.md): each diagnostic is off unless given,
 * and a job with none costs nothing.
 */
@Schema(description = "Diagnostics recorded as curves while training; each is off unless given "
        + "(GET /api/v1/catalog/diagnostics lists them)")
public record DiagnosticsSpec(
        @Schema(description = "Gradient coherence (curve coherence)") @Valid CoherenceSpec coherence,
        @Schema(description = "Sharpness, the Hessian's top eigenvalue (curve sharpness)") @Valid SharpnessSpec sharpness,
        @Schema(description = "Each layer's gradient norm, weight norm and update-to-weight ratio")
        @Valid LayerStatisticsSpec layerStatistics,
        @Schema(description = "A private job's fraction of examples clipped and mean per-example gradient norm")
        @Valid ClippingSpec clipping,
        @Schema(description = "f(θ) − f* per epoch, for convex problems") @Valid SuboptimalitySpec suboptimality) {

    public static final DiagnosticsSpec NONE = new DiagnosticsSpec(null, null, null, null, null);

    /** Whether any diagnostic is on. */
    public boolean any() {
        return Stream.of(coherence, sharpness, layerStatistics, clipping, suboptimality).anyMatch(d -> d != null);
    }
}
