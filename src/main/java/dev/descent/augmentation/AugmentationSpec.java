package dev.descent.augmentation;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a step trains on instead of its batch as drawn, selected by {@code type}: mixup's interpolations of the batch
 * with a permutation of itself (docs/methods.md).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@Schema(description = "Data augmentation of each batch, chosen by type", discriminatorProperty = "type")
public sealed interface AugmentationSpec permits MixupSpec, MultiMixSpec {

    /** α of the Beta(α, α) the interpolation weights are drawn from. */
    Double alpha();

    /** Interpolations of each pair a step trains on, K. */
    Integer interpolations();
}
