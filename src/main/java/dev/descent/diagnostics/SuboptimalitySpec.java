package dev.descent.diagnostics;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** F(θ) − F* for a convex objective, F* found once by L-BFGS. */
@Schema(description = "Suboptimality F(θ) − F* at the end of every epoch, F the full training loss plus "
        + "(λ/2)‖θ‖² for a weight decay λ, F* its minimum found once by L-BFGS in float64 (curve suboptimality). "
        + "Only for convex problems: no hidden layers and a convex loss")
public record SuboptimalitySpec(
        @Schema(description = "F* is taken where ‖∇F‖₂ is at most this", example = "1e-10", defaultValue = "1e-10")
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double gradientTolerance,
        @Schema(description = "At most this many L-BFGS iterations for F*", example = "10000", defaultValue = "10000")
        @Min(1) @Max(1_000_000) Integer maxIterations) {

    public SuboptimalitySpec {
        gradientTolerance = gradientTolerance != null ? gradientTolerance : 1e-10;
        maxIterations = maxIterations != null ? maxIterations : 10_000;
    }
}
