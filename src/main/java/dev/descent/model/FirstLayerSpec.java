package dev.descent.model;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;

/** How the model's first layer trains, where it trains otherwise than by its plain gradient. */
@Schema(description = "How the model's first layer (dense or conv2d) trains")
public record FirstLayerSpec(
        @Schema(description = "TrAct: train the first layer's pre-activations; its weights' gradient becomes the "
                + "least-squares weights for a gradient step on them (docs/methods.md)") @Valid TrActSpec tract) {
}
