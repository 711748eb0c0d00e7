package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * SSVR, sign descent on a STORM-style variance-reduced estimator: v_t = ∇f(x_t; ξ_t) + (1−β)(v_{t−1} −
 * ∇f(x_{t−1}; ξ_t)), both gradients on the same batch ξ_t; x_{t+1} = x_t − γ sign(v_t); v_1 = ∇f(x_1; ξ_1).
 */
final class Ssvr implements Optimizer {

    private final double beta;
    private List<INDArray> estimate;
    private List<INDArray> previousPoint;

    Ssvr(double beta) {
        this.beta = beta;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        List<INDArray> v = gradients;
        if (estimate != null) {
            List<INDArray> current = parameters.stream().map(INDArray::dup).toList();
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).assign(previousPoint.get(i));
            }
            List<INDArray> atPrevious = oracle.evaluate().gradients();
            for (int i = 0; i < parameters.size(); i++) {
                parameters.get(i).assign(current.get(i));
                gradients.get(i).addi(estimate.get(i).sub(atPrevious.get(i)).muli(1 - beta));
            }
        }
        keep(parameters, v);
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).subi(Transforms.sign(v.get(i), true).muli(learningRate));
        }
    }

    /** v_t and x_t for the next step, outside the step's workspace. */
    private void keep(List<INDArray> parameters, List<INDArray> v) {
        estimate = OptimizerState.copies(v);
        previousPoint = OptimizerState.copies(parameters);
    }

    @Override
    public OptimizerSnapshot snapshot() {
        OptimizerSnapshot.Builder builder = OptimizerSnapshot.builder();
        if (estimate != null) {
            builder.arrays("estimate", estimate).arrays("previousPoint", previousPoint);
        }
        return builder.build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        List<INDArray> restored = snapshot.arrays("estimate", parameters);
        estimate = restored.isEmpty() ? null : restored;
        previousPoint = restored.isEmpty() ? null : snapshot.arrays("previousPoint", parameters);
    }
}
