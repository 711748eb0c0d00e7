package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A gradient method with its running state (moments, buffers, step count). {@link #step} updates the parameters in
 * place; gradients may be overwritten. Parameters and gradients come in the same order on every call; the
 * gradients are those of the current parameters on the step's batch, and {@code oracle} evaluates again on that
 * batch.
 */
public interface Optimizer {

    void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate, GradientOracle oracle);

    /** The running state, for a checkpoint. */
    OptimizerSnapshot snapshot();

    /** Continues from a checkpoint's state; {@code parameters} give the arrays' shapes and types. */
    void restore(OptimizerSnapshot snapshot, List<INDArray> parameters);
}
