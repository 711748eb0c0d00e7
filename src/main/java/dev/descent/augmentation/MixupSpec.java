package dev.descent.augmentation;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Positive;

/** Zhang et al. 2018: one interpolation λx + (1 − λ)x[perm] per batch, λ ~ Beta(α, α). */
@Schema(description = "Mixup (Zhang et al. 2018): each step trains on λx + (1 − λ)x[perm] with λ ~ Beta(α, α) drawn "
        + "per batch and perm a random permutation of the batch, with the loss λ·L(y) + (1 − λ)·L(y[perm])")
@JsonTypeName("mixup")
public record MixupSpec(
        @Schema(description = "α of Beta(α, α); small α keeps λ near 0 or 1 (little mixing), α = 1 draws it "
                + "uniformly", example = "1", defaultValue = "1") @Positive @DecimalMax("100") Double alpha)
        implements AugmentationSpec {

    public MixupSpec {
        alpha = alpha != null ? alpha : 1.0;
    }

    @Override
    public Integer interpolations() {
        return 1;
    }
}
