package dev.descent.optim;

import dev.descent.math.Blas;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * Transforms applied in front of any optimizer, in this order: value clipping, global-norm clipping, decoupled
 * weight decay (θ ← θ − γλθ).
 */
@Schema(description = "Gradient transforms in front of any optimizer: value clipping, then global-norm clipping, "
        + "then decoupled weight decay")
public record GradientTransforms(
        @Schema(description = "Clip every gradient element to [−c, c]", example = "1.0") @Positive Double clipValue,
        @Schema(description = "Scale the gradient so that its global L2 norm is at most this", example = "1.0")
        @Positive Double clipNorm,
        @Schema(description = "Decoupled weight decay λ: θ ← θ − γλθ before the step", example = "0.0001")
        @PositiveOrZero Double weightDecay) {

    public static final GradientTransforms NONE = new GradientTransforms(null, null, null);

    /** Applies the transforms in place, given the gradient's global norm before them. */
    public void apply(List<INDArray> parameters, List<INDArray> gradients, double gradientNorm, double learningRate) {
        if (clipValue != null) {
            gradients.forEach(g -> Transforms.min(Transforms.max(g, -clipValue, false), clipValue, false));
        }
        if (clipNorm != null) {
            double norm = clipValue == null ? gradientNorm : globalNorm(gradients);
            if (norm > clipNorm) {
                gradients.forEach(g -> g.muli(clipNorm / norm));
            }
        }
        if (weightDecay != null && weightDecay > 0) {
            parameters.forEach(p -> p.muli(1 - learningRate * weightDecay));
        }
    }

    /** ‖g‖ over all parameters together, accumulated in float64. */
    public static double globalNorm(List<INDArray> gradients) {
        double sum = 0;
        for (INDArray g : gradients) {
            double n = Blas.l2Norm(g);
            sum += n * n;
        }
        return Math.sqrt(sum);
    }
}
