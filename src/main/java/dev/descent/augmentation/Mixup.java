package dev.descent.augmentation;

import dev.descent.dataset.DataPreparation;
import dev.descent.math.ScratchArrays;
import dev.descent.model.autodiff.HeapCopy;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ChengBetaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.SplittableRandom;

/**
 * A step's batch mixed with a permutation of itself (docs/methods.md): K interpolations x̃ = λ_k·x + (1 − λ_k)·x[π],
 * λ_1 … λ_K ~ Beta(α, α) and π drawn from the step's seed, stacked interpolation by interpolation, with the
 * targets mixed alike, ỹ = λ_k·y + (1 − λ_k)·y[π]. The mean loss on (x̃, ỹ) is then the multi-mix loss
 * (1/K) Σ_k [λ_k·L(y) + (1 − λ_k)·L(y[π])] for every loss linear in its target (cross-entropy, label smoothing);
 * for the squared error it is that less (1/K) Σ_k λ_k(1 − λ_k)·mean((y − y[π])²), a constant of the step that
 * {@link Batch#lossOffset} adds back.
 */
public final class Mixup {

    /** Keeps the mixing draws apart from the step's dropout stream, which starts from the same seed. */
    private static final long STREAM = 0x6D69787570L;

    /**
     * The batch as trained on: {@code x} and {@code y} of K·B rows, the interpolation weights and partners drawn, and
     * what the loss on the mixed targets leaves out of the mixup loss.
     */
    public record Batch(INDArray x, INDArray y, double[] weights, int[] partners, double lossOffset) {
    }

    private Mixup() {
    }

    /** @param squaredError whether the loss is the mean squared error, whose value needs {@link Batch#lossOffset} */
    public static Batch mix(AugmentationSpec spec, INDArray x, INDArray y, long stepSeed, boolean squaredError,
                            ScratchArrays arrays) {
        SplittableRandom random = new SplittableRandom(stepSeed ^ STREAM);
        int rows = (int) x.rows();
        int[] partners = DataPreparation.permutation(rows, random.nextLong());
        UniformRandomProvider provider = random::nextLong;
        ContinuousSampler beta = ChengBetaSampler.of(provider, spec.alpha(), spec.alpha());
        double[] weights = new double[spec.interpolations()];
        for (int k = 0; k < weights.length; k++) {
            weights[k] = beta.sample();
        }
        double[] features = mixed(HeapCopy.rowMajor(x), (int) x.columns(), partners, weights);
        double[] inputs = HeapCopy.rowMajor(y);
        double[] targets = mixed(inputs, (int) y.columns(), partners, weights);
        double offset = 0;
        if (squaredError) {
            int columns = (int) y.columns();
            for (double lambda : weights) {
                double sum = 0;
                for (int row = 0; row < rows; row++) {
                    for (int c = 0; c < columns; c++) {
                        double d = inputs[row * columns + c] - inputs[partners[row] * columns + c];
                        sum += d * d;
                    }
                }
                offset += lambda * (1 - lambda) * sum / ((double) rows * columns);
            }
            offset /= weights.length;
        }
        int stacked = rows * weights.length;
        return new Batch(HeapCopy.write(features, arrays.take(x.dataType(), stacked, x.columns())),
                HeapCopy.write(targets, arrays.take(y.dataType(), stacked, y.columns())), weights, partners, offset);
    }

    /** Row k·B + i is λ_k·v_i + (1 − λ_k)·v_π(i). */
    private static double[] mixed(double[] values, int columns, int[] partners, double[] weights) {
        int rows = partners.length;
        double[] out = new double[weights.length * rows * columns];
        for (int k = 0; k < weights.length; k++) {
            double lambda = weights[k];
            for (int row = 0; row < rows; row++) {
                int to = (k * rows + row) * columns;
                int from = row * columns;
                int partner = partners[row] * columns;
                for (int c = 0; c < columns; c++) {
                    out[to + c] = lambda * values[from + c] + (1 - lambda) * values[partner + c];
                }
            }
        }
        return out;
    }
}
