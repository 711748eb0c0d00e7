package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Evaluates the loss and its gradient again, at the parameters' current values, on the batch (and dropout masks)
 * of the current step only. Methods that look around the current point (SAM, L-BFGS, …) move the parameters in
 * place, ask the oracle, and put them back.
 */
public interface GradientOracle {

    record Evaluation(double loss, List<INDArray> gradients) {
    }

    Evaluation evaluate();

    /** For optimizers that never evaluate twice. */
    GradientOracle NONE = () -> {
        throw new UnsupportedOperationException("this step has no gradient oracle");
    };
}
