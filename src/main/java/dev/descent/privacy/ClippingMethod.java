package dev.descent.privacy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.descent.model.Loss;
import dev.descent.model.ExampleGradients;
import dev.descent.model.Model;
import dev.descent.model.Pass;
import dev.descent.model.SpecIds;
import dev.descent.optim.GradientTransforms;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How the sum of per-example clipped gradients Σ_i f_i g_i, f_i = min(1, C/(‖g_i‖+1e-6)), is computed
 * (docs/algorithms.md, DP-SGD).
 */
public enum ClippingMethod {

    /**
     * Each layer's per-example squared norms from its input and output gradient, without per-example gradients
     * ({@link ExampleGradients}: for a dense layer ‖∇W_i‖² = ‖a_i‖²‖δ_i‖²); the clipped sum is each layer's gradient
     * with example i's output gradient scaled by f_i (for a dense layer Aᵀ diag(f) Δ, one GEMM).
     */
    NORM_IDENTITY("norm-identity") {
        @Override
        public ClippedSum clippedSum(Model network, Loss loss, INDArray x, INDArray y, SplittableRandom dropoutRng,
                                     double clipNorm) {
            Model.Signals signals = network.signals(x, y, loss, dropoutRng);
            long rows = x.rows();
            List<INDArray> deltas = new ArrayList<>();
            INDArray squaredNorms = Nd4j.zeros(x.dataType(), rows);
            for (Pass.Signal signal : signals.layers()) {
                // the batch loss is a mean: example i's own output gradient is B times its part
                INDArray delta = signal.outputGradient().mul(rows);
                squaredNorms.addi(signal.layer().squaredNorms(signal.input(), delta));
                deltas.add(delta);
            }
            INDArray norms = Transforms.sqrt(squaredNorms, false);
            double meanNorm = norms.meanNumber().doubleValue();
            INDArray factors = clipFactors(norms, clipNorm);
            List<INDArray> sum = new ArrayList<>();
            for (int l = 0; l < deltas.size(); l++) {
                Pass.Signal signal = signals.layers().get(l);
                sum.addAll(signal.layer().gradients(signal.input(), GradientSubspace.scaleExamples(deltas.get(l),
                        factors)));
            }
            return new ClippedSum(sum, signals.loss(), signals.output(), clippedCount(factors), meanNorm);
        }
    },

    /**
     * One backward pass per example, its gradient formed, measured and scaled: slower, but it makes no assumption
     * about the layers (and is the reference the norm identity is tested against).
     */
    PER_EXAMPLE("per-example") {
        @Override
        public ClippedSum clippedSum(Model network, Loss loss, INDArray x, INDArray y, SplittableRandom dropoutRng,
                                     double clipNorm) {
            List<INDArray> sum = null;
            List<INDArray> outputs = new ArrayList<>();
            double lossSum = 0;
            int clipped = 0;
            double normSum = 0;
            for (long i = 0; i < x.rows(); i++) {
                INDArray xi = x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
                INDArray yi = y.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
                Model.Gradient g = network.gradient(xi, yi, loss, dropoutRng);
                double norm = GradientTransforms.globalNorm(g.gradients());
                normSum += norm;
                double factor = Math.min(1, clipNorm / (norm + STABILITY));
                clipped += factor < 1 ? 1 : 0;
                if (sum == null) {
                    sum = g.gradients().stream().map(p -> p.mul(factor)).toList();
                } else {
                    for (int p = 0; p < sum.size(); p++) {
                        sum.get(p).addi(g.gradients().get(p).mul(factor));
                    }
                }
                lossSum += g.loss();
                outputs.add(g.output());
            }
            return new ClippedSum(sum, lossSum / x.rows(), Nd4j.vstack(outputs), clipped, normSum / x.rows());
        }
    };

    /** The 1e-6 of f_i = min(1, C/(‖g_i‖+1e-6)): no division by zero for a zero gradient. */
    static final double STABILITY = 1e-6;

    /**
     * The clipped sum of a non-empty batch, with the batch's mean loss and outputs.
     *
     * @param clipped  how many examples had a norm above C
     * @param meanNorm the examples' mean gradient norm before clipping
     */
    public record ClippedSum(List<INDArray> sum, double loss, INDArray output, int clipped, double meanNorm) {
    }

    private final String id;

    ClippingMethod(String id) {
        this.id = id;
    }

    public abstract ClippedSum clippedSum(Model network, Loss loss, INDArray x, INDArray y,
                                          SplittableRandom dropoutRng, double clipNorm);

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static ClippingMethod of(String id) {
        return SpecIds.byId(values(), ClippingMethod::id, id, "clipping");
    }

    private static INDArray clipFactors(INDArray norms, double clipNorm) {
        return Transforms.min(Transforms.pow(norms.addi(STABILITY), -1, false).muli(clipNorm), 1.0, false);
    }

    private static int clippedCount(INDArray factors) {
        return factors.lt(1.0).castTo(org.nd4j.linalg.api.buffer.DataType.INT32).sumNumber().intValue();
    }
}
