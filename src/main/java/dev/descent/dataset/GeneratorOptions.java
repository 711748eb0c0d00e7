package dev.descent.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Parameters of a synthetic dataset; any left null takes the generator's default. */
@Schema(description = "Parameters of a synthetic generator (two-spirals, moons, blobs, linear-regression); omitted ones take their defaults")
public record GeneratorOptions(
        @Schema(description = "Number of rows", example = "1000", minimum = "10") @Min(10) Integer rows,
        @Schema(description = "Standard deviation of the Gaussian noise", example = "0.1", minimum = "0", maximum = "10") @DecimalMin("0.0") @DecimalMax("10.0") Double noise,
        @Schema(description = "Classes (blobs only)", example = "3", minimum = "2", maximum = "100") @Min(2) @Max(100) Integer classes,
        @Schema(description = "Features (blobs, linear-regression)", example = "2", minimum = "1", maximum = "1000") @Min(1) @Max(1000) Integer features,
        @Schema(description = "Seed of the generator", example = "7") Long seed) {

    public static final GeneratorOptions DEFAULTS = new GeneratorOptions(null, null, null, null, null);

    public int rowsOr(int fallback) {
        return rows != null ? rows : fallback;
    }

    public double noiseOr(double fallback) {
        return noise != null ? noise : fallback;
    }

    public int classesOr(int fallback) {
        return classes != null ? classes : fallback;
    }

    public int featuresOr(int fallback) {
        return features != null ? features : fallback;
    }

    public long seedOr(long fallback) {
        return seed != null ? seed : fallback;
    }
}
