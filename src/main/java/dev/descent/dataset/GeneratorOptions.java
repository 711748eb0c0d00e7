package dev.descent.dataset;

import io.swagger.v3.oas.annotations.media.Schema;

/** Parameters of a synthetic dataset; any left null takes the generator's default. */
@Schema(description = "Parameters of a synthetic generator (two-spirals, moons, blobs, linear-regression); omitted ones take their defaults")
public record GeneratorOptions(
        @Schema(description = "Number of rows", example = "1000", minimum = "10") Integer rows,
        @Schema(description = "Standard deviation of the Gaussian noise", example = "0.1", minimum = "0", maximum = "10") Double noise,
        @Schema(description = "Classes (blobs only)", example = "3", minimum = "2", maximum = "100") Integer classes,
        @Schema(description = "Features (blobs, linear-regression)", example = "2", minimum = "1", maximum = "1000") Integer features,
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
