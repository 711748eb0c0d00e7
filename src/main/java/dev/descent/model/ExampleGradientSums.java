package dev.descent.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * What a batch's per-example gradients g_i sum to, from one pass's layer signals without forming any g_i: their mean
 * ḡ (the batch gradient, in {@link Model#parameters()} order) and ‖ḡ‖², Σ_i ‖g_i‖² (each layer's norm identity, as
 * DP-SGD's clipping) and, when asked, the Gram matrix ⟨g_i, g_j⟩ (each layer's, summed; its trace is Σ_i ‖g_i‖²).
 *
 * @param gram null unless asked for
 */
public record ExampleGradientSums(long examples, List<INDArray> meanGradient, double meanSquaredNorm,
                                  double exampleSquaredNormSum, INDArray gram) {

    public static ExampleGradientSums of(Model.Signals signals, boolean withGram) {
        long m = signals.output().rows();
        List<INDArray> mean = new ArrayList<>();
        double meanSquared = 0;
        double exampleSquaredSum = 0;
        INDArray gram = null;
        for (Pass.Signal signal : signals.layers()) {
            INDArray outputGradient = signal.outputGradient();
            for (INDArray part : signal.layer().gradients(signal.input(), outputGradient)) {
                double norm = part.norm2Number().doubleValue();
                meanSquared += norm * norm;
                mean.add(part);
            }
            // the loss is the batch's mean: example i's own output gradient is m times its row
            INDArray own = outputGradient.mul(m);
            if (withGram) {
                INDArray layerGram = signal.layer().gram(signal.input(), own);
                gram = gram == null ? layerGram : gram.addi(layerGram);
            } else {
                exampleSquaredSum += signal.layer().squaredNorms(signal.input(), own).sumNumber().doubleValue();
            }
        }
        for (int i = 0; gram != null && i < m; i++) {
            exampleSquaredSum += gram.getDouble(i, i);
        }
        return new ExampleGradientSums(m, mean, meanSquared, exampleSquaredSum, gram);
    }
}
