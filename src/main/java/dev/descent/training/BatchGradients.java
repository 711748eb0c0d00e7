package dev.descent.training;

import dev.descent.dataset.PreparedData;
import dev.descent.math.ScratchArrays;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.privacy.PrivateGradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The plain batch gradient, on every training row, its values from the step's arrays. */
record BatchGradients(PreparedData data) implements GradientSource {

    @Override
    public PrivateGradient.Step gradient(BatchOracle oracle, Model model, Loss loss, INDArray x, INDArray y,
                                         long stepSeed, ScratchArrays arrays) {
        return new PrivateGradient.Step(oracle.firstEvaluation(arrays), null);
    }
}
