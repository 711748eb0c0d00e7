package dev.descent.training;

import dev.descent.dataset.PreparedData;
import dev.descent.math.ScratchArrays;
import dev.descent.model.ExampleGradientSums;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.privacy.PrivateGradient;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/**
 * The batch gradient with the adaptive-batch test of docs/algorithms.md: one pass gives each layer's signal, from
 * which come the batch gradient and, without forming any example's gradient, the statistics the test needs (the
 * norm identity for Σ‖g_i‖², the layers' Gram matrices for g_iᵀḡ). When the test fails, the next batch has the size
 * that would have passed, up to the largest allowed; batches never shrink.
 */
final class AdaptiveBatchGradients implements GradientSource {

    private final PreparedData data;
    private final AdaptiveBatchSpec spec;
    private int size;

    /** @param size the next batch's size: the configured one, or a resumed run's */
    AdaptiveBatchGradients(PreparedData data, AdaptiveBatchSpec spec, int size) {
        this.data = data;
        this.spec = spec;
        this.size = size;
    }

    @Override
    public PreparedData data() {
        return data;
    }

    @Override
    public int batchSize(int configured) {
        return size;
    }

    @Override
    public PrivateGradient.Step gradient(BatchOracle oracle, Model model, Loss loss, INDArray x, INDArray y,
                                         long stepSeed, ScratchArrays arrays) {
        Model.Signals signals = model.signals(x, y, loss, new SplittableRandom(stepSeed));
        ExampleGradientSums sums = ExampleGradientSums.of(signals, spec.test() == AdaptiveBatchSpec.Test.INNER_PRODUCT);
        double needed = requiredSize(spec, sums);
        if (needed > size) {
            size = (int) Math.min(spec.maxBatchSize(), Math.ceil(needed));
        }
        return new PrivateGradient.Step(new Model.Gradient(signals.loss(), sums.meanGradient(), signals.output()),
                null);
    }

    /**
     * The batch size whose test would pass: with B examples, ḡ their mean gradient, the norm test passes when
     * Σ‖g_i − ḡ‖²/(B − 1)/B ≤ θ²‖ḡ‖², the inner-product test when Σ(g_iᵀḡ − ‖ḡ‖²)²/(B − 1)/B ≤ θ²‖ḡ‖⁴, so the size
     * needed is the variance over θ²‖ḡ‖² (or θ²‖ḡ‖⁴). A batch of one row has no variance to test: the next has two.
     * The inner-product test needs the sums' Gram matrix.
     */
    static double requiredSize(AdaptiveBatchSpec spec, ExampleGradientSums sums) {
        long rows = sums.examples();
        if (rows < 2) {
            return 2;
        }
        boolean norm = spec.test() == AdaptiveBatchSpec.Test.NORM;
        double meanSquared = sums.meanSquaredNorm();
        if (meanSquared == 0) {
            return 0; // a zero gradient: nothing to estimate
        }
        double theta2 = spec.theta() * spec.theta();
        if (norm) {
            return (sums.exampleSquaredNormSum() - rows * meanSquared) / (rows - 1) / (theta2 * meanSquared);
        }
        // g_iᵀḡ = (1/B) Σ_j ⟨g_i, g_j⟩
        double sum = 0;
        for (double u : sums.gram().sum(1).divi(rows).toDoubleVector()) {
            sum += (u - meanSquared) * (u - meanSquared);
        }
        return sum / (rows - 1) / (theta2 * meanSquared * meanSquared);
    }
}
