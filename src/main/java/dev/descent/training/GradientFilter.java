package dev.descent.training;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * What a run does to each step's gradient, in place, before it is measured and the optimizer takes it: orthogonal
 * gradient descent's projection away from earlier tasks' directions.
 */
@FunctionalInterface
public interface GradientFilter {

    GradientFilter NONE = gradients -> {
    };

    /** @param gradients the step's gradient of each parameter, in the model's parameter order */
    void apply(List<INDArray> gradients);
}
