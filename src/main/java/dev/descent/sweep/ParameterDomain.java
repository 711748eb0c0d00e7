package dev.descent.sweep;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Where a parameter's values come from: exactly one of the four domains. */
@Schema(description = "One of values, uniform, logUniform or intRange")
public record ParameterDomain(
        @Schema(description = "These values, in this order (a grid takes each)", example = "[16, 32, 64]")
        @Size(min = 1, max = 10000) List<Object> values,
        @Schema(description = "[a, b]: drawn uniformly from a to b", example = "[0.0, 0.9]") @Size(min = 2, max = 2)
        List<Double> uniform,
        @Schema(description = "[a, b], 0 < a < b: drawn so that its logarithm is uniform", example = "[0.0001, 0.1]")
        @Size(min = 2, max = 2) List<Double> logUniform,
        @Schema(description = "[a, b, step]: the integers a, a + step, … up to b", example = "[16, 128, 16]")
        @Size(min = 3, max = 3) List<Long> intRange) {
}
