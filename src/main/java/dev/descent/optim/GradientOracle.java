package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Evaluates the loss and its gradient again at the parameters' current values: on the batch (and dropout masks) of
 * the current step, optionally with its targets changed, or over the whole training set (SVRG's snapshot). Methods
 * that look around the current point (SAM, L-BFGS, …) move the parameters in place, ask, and put them back.
 */
public interface GradientOracle {

    record LossAndGradients(double loss, List<INDArray> gradients) {
    }

    /** On this step's batch. */
    LossAndGradients evaluate();

    /** On this step's batch with its targets replaced by {@code targets(y)} (one-hot rows or regression values). */
    default LossAndGradients evaluateWithTargets(UnaryOperator<INDArray> targets) {
        throw new UnsupportedOperationException("this oracle cannot change targets");
    }

    /** The mean over every training row, without dropout. */
    default LossAndGradients evaluateFullData() {
        throw new UnsupportedOperationException("this oracle has no full data");
    }

    /** For optimizers that never evaluate twice. */
    GradientOracle NONE = () -> {
        throw new UnsupportedOperationException("this step has no gradient oracle");
    };
}
