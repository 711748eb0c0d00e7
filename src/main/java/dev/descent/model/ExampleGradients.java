package dev.descent.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * A layer whose parameter gradient is, example by example, a function of its input and of the gradient at its output
 * (before any activation): what DP-SGD needs to clip each example's gradient without forming it. The first axis of
 * both arrays is the example.
 */
public interface ExampleGradients {

    /** ‖∇θ_i‖² over this layer's parameters for every example i, given example i's own output gradient. */
    INDArray squaredNorms(INDArray input, INDArray outputGradient);

    /**
     * Σ_i ∇θ_i, in {@link Layer#parameters()} order: with each example's output gradient scaled by its clip factor,
     * the clipped sum.
     */
    List<INDArray> gradients(INDArray input, INDArray outputGradient);

    /** ⟨∇θ_i, ∇θ_j⟩ over this layer's parameters for every pair of examples: a rows × rows matrix. */
    INDArray gram(INDArray input, INDArray outputGradient);
}
