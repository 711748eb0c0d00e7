package dev.descent.diagnostics;

import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.Pass;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The m-coherence of per-example gradients (Chatterjee and Zielinski, "On the Generalization Mystery in Deep
 * Learning", docs/algorithms.md): α = m·‖ḡ‖² / mean_i ‖g_i‖², ḡ the mean of the m per-example gradients g_i.
 * One forward and backward pass gives both without forming a g_i: each layer's signal (its input and the gradient
 * at its output) gives its share of ḡ (the layer's batch gradient of the mean loss) and of every ‖g_i‖² (the layer's
 * norm identity, as DP-SGD's clipping uses it). No dropout is drawn.
 */
public final class Coherence {

    private Coherence() {
    }

    public static double of(Model model, Loss loss, INDArray x, INDArray y) {
        Model.Signals signals = model.signals(x, y, loss, null);
        long m = x.rows();
        double meanSquared = 0;
        double exampleSquaredSum = 0;
        for (Pass.Signal signal : signals.layers()) {
            INDArray outputGradient = signal.outputGradient();
            for (INDArray part : signal.layer().gradients(signal.input(), outputGradient)) {
                double norm = part.norm2Number().doubleValue();
                meanSquared += norm * norm;
            }
            // the loss is the batch's mean: example i's own output gradient is m times its row
            exampleSquaredSum += signal.layer().squaredNorms(signal.input(), outputGradient.mul(m))
                    .sumNumber().doubleValue();
        }
        return m * meanSquared / (exampleSquaredSum / m);
    }
}
