package dev.descent.diagnostics;

import dev.descent.model.ExampleGradientSums;
import dev.descent.model.Loss;
import dev.descent.model.Model;
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
        ExampleGradientSums sums = ExampleGradientSums.of(model.signals(x, y, loss, null), false);
        long m = sums.examples();
        return m * sums.meanSquaredNorm() / (sums.exampleSquaredNormSum() / m);
    }
}
