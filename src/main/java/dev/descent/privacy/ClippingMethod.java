package dev.descent.privacy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.descent.model.Loss;
import dev.descent.model.Network;
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
 * (ALGORITHMS.md, DP-SGD).
 */
public enum ClippingMethod {

    /**
     * For a dense layer with input a_i and pre-activation gradient δ_i, ‖∇W_i‖² = ‖a_i‖²‖δ_i‖² and the bias's is
     * ‖δ_i‖², so the norms need no per-example gradient; the clipped sum is Aᵀ diag(f) Δ, one GEMM per layer.
     */
    NORM_IDENTITY("norm-identity") {
        @Override
        public ClippedSum clippedSum(Network network, Loss loss, INDArray x, INDArray y, SplittableRandom dropoutRng,
                                     double clipNorm) {
            Network.LayerSignals signals = network.layerSignals(x, y, loss, dropoutRng);
            long rows = x.rows();
            List<INDArray> deltas = new ArrayList<>();
            INDArray squaredNorms = Nd4j.zeros(x.dataType(), rows);
            for (int l = 0; l < signals.inputs().size(); l++) {
                INDArray a = signals.inputs().get(l);
                // the batch loss is a mean: example i's own gradient at the pre-activation is B times its row
                INDArray delta = signals.preActivationGradients().get(l).mul(rows);
                INDArray deltaSquared = delta.mul(delta).sum(1);
                squaredNorms.addi(a.mul(a).sum(1).muli(deltaSquared)).addi(deltaSquared);
                deltas.add(delta);
            }
            INDArray factors = clipFactors(Transforms.sqrt(squaredNorms, false), clipNorm);
            List<INDArray> sum = new ArrayList<>();
            for (int l = 0; l < deltas.size(); l++) {
                INDArray scaled = deltas.get(l).muliColumnVector(factors.reshape(rows, 1));
                sum.add(Nd4j.gemm(signals.inputs().get(l), scaled, true, false));
                sum.add(scaled.sum(true, 0));
            }
            return new ClippedSum(sum, signals.loss(), signals.output(), clippedCount(factors));
        }
    },

    /**
     * One backward pass per example, its gradient formed, measured and scaled: slower, but it makes no assumption
     * about the layers (and is the reference the norm identity is tested against).
     */
    PER_EXAMPLE("per-example") {
        @Override
        public ClippedSum clippedSum(Network network, Loss loss, INDArray x, INDArray y, SplittableRandom dropoutRng,
                                     double clipNorm) {
            List<INDArray> sum = null;
            List<INDArray> outputs = new ArrayList<>();
            double lossSum = 0;
            int clipped = 0;
            for (long i = 0; i < x.rows(); i++) {
                INDArray xi = x.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
                INDArray yi = y.get(NDArrayIndex.interval(i, i + 1), NDArrayIndex.all());
                Network.Gradient g = network.gradient(xi, yi, loss, dropoutRng);
                double factor = Math.min(1, clipNorm / (GradientTransforms.globalNorm(g.gradients()) + STABILITY));
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
            return new ClippedSum(sum, lossSum / x.rows(), Nd4j.vstack(outputs), clipped);
        }
    };

    /** The 1e-6 of f_i = min(1, C/(‖g_i‖+1e-6)): no division by zero for a zero gradient. */
    static final double STABILITY = 1e-6;

    /**
     * The clipped sum of a non-empty batch, with the batch's mean loss and outputs.
     *
     * @param clipped how many examples had a norm above C
     */
    public record ClippedSum(List<INDArray> sum, double loss, INDArray output, int clipped) {
    }

    private final String id;

    ClippingMethod(String id) {
        this.id = id;
    }

    public abstract ClippedSum clippedSum(Network network, Loss loss, INDArray x, INDArray y,
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
