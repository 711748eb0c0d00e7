package dev.descent.dataset;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;

/** Which dataset a job trains on and how it is split and scaled. */
@Schema(description = "The dataset a job trains on: a built-in id (GET /api/v1/datasets) or an uploaded dataset's id")
public record DatasetRef(
        @Schema(description = "Dataset id", example = "iris") @NotBlank String id,
        @Schema(description = "Fraction of rows held out for validation", example = "0.2", defaultValue = "0.2")
        @DecimalMin("0.0") @DecimalMax(value = "0.9") Double validationSplit,
        @Schema(description = "Seed of the train/validation split", example = "0", defaultValue = "0") Long splitSeed,
        @Schema(description = "Standardise features (and regression targets) with the training split's mean and standard deviation",
                example = "true", defaultValue = "true") Boolean standardize,
        @Schema(description = "Options of a synthetic generator; only for two-spirals, moons, blobs, linear-regression")
        @Valid GeneratorOptions generator) {

    public DatasetRef {
        validationSplit = validationSplit != null ? validationSplit : 0.2;
        splitSeed = splitSeed != null ? splitSeed : 0L;
        standardize = standardize == null || standardize;
    }
}
