package dev.descent.augmentation;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/** Shen et al. 2024: K interpolations of each pair, λ_k ~ Beta(α, α), their losses averaged. */
@Schema(description = "Multi-mix (Shen, Yu, Yang and Kwok 2024, \"Mixup Augmentation with Multiple "
        + "Interpolations\"): each step trains on K interpolations λ_k·x + (1 − λ_k)·x[perm] of each pair, "
        + "λ_1 … λ_K ~ Beta(α, α), and averages their mixup losses: a lower-variance gradient for K times the "
        + "step's arithmetic")
@JsonTypeName("multi-mix")
public record MultiMixSpec(
        @Schema(description = "α of Beta(α, α)", example = "1", defaultValue = "1") @Positive @DecimalMax("100")
        Double alpha,
        @Schema(description = "Interpolations K of each pair", example = "4", defaultValue = "4") @Min(1) @Max(16)
        Integer interpolations) implements AugmentationSpec {

    public MultiMixSpec {
        alpha = alpha != null ? alpha : 1.0;
        interpolations = interpolations != null ? interpolations : 4;
    }
}
