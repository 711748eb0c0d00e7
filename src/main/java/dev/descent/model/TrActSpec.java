package dev.descent.model;

import dev.descent.model.layer.TrAct;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;

/**
 * TrAct (Petersen, Borgelt and Ermon, "TrAct: Making First-layer Pre-Activations Trainable", NeurIPS 2024): the first
 * layer's weight gradient G becomes G·(XᵀX/N + λI)⁻¹ over the N input rows (or patches) of the batch.
 */
@Schema(description = "TrAct (Petersen et al., NeurIPS 2024): the first layer's weight gradient G becomes "
        + "G·(XᵀX/N + λI)⁻¹ over the batch's N input rows (a convolution's patches), the weights that best realise "
        + "a gradient step on the layer's pre-activations")
public record TrActSpec(
        @Schema(description = "λ, the ridge that keeps the inverse well defined: larger is closer to plain gradients",
                example = "0.1", defaultValue = "0.1") @DecimalMin(value = "0.0", inclusive = false)
        @DecimalMax("1000000.0") Double lambda) {

    public TrActSpec {
        lambda = lambda != null ? lambda : TrAct.LAMBDA;
    }

    public TrAct create() {
        return new TrAct(lambda);
    }
}
