package dev.descent.training;

import dev.descent.dataset.InputProjection;
import dev.descent.dataset.PreparedData;
import dev.descent.math.ScratchArrays;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.privacy.PrivateGradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a training step's gradient comes from, and what that decides about the run: the batch gradient as it is
 * ({@link BatchGradients}), with batches that grow when it is too noisy ({@link AdaptiveBatchGradients}), or DP-SGD's
 * privatised one ({@link PrivateGradients}), which trains on the private rows (projected by a private PCA), may draw
 * its own batches, has a step budget and reports ε.
 */
interface GradientSource {

    /** The rows trained on and validated on. */
    PreparedData data();

    /** How raw inputs become the model's (a private PCA's projection); null when they are the model's as they are. */
    default InputProjection inputProjection() {
        return null;
    }

    /** Why the run stops before taking step {@code done + 1}; null to go on. */
    default String stopBefore(long done) {
        return null;
    }

    /** The rows of this step's batch when the source draws them itself (Poisson sampling); null to cut the order. */
    default int[] sample(long stepSeed) {
        return null;
    }

    /** The step's loss, output and gradient on the batch x, y, with what clipping did to it (private steps only). */
    PrivateGradient.Step gradient(BatchOracle oracle, Model model, Loss loss, INDArray x, INDArray y, long stepSeed,
                            ScratchArrays arrays);

    /** The rows of the next batch cut from the order: the configured size unless the source adapts it. */
    default int batchSize(int configured) {
        return configured;
    }

    /** The privacy spent after {@code steps} steps; null for a run that is not private. */
    default Double epsilon(long steps) {
        return null;
    }
}
