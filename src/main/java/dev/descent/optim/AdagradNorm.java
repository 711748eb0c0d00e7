package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/** AdaGrad-Norm (Ward, Wu & Bottou 2019): one scalar step size, b² ← b² + ‖g‖²; θ ← θ − (γ/b) g. */
final class AdagradNorm implements Optimizer {

    private double bSquared;

    AdagradNorm(double b0) {
        this.bSquared = b0 * b0;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        double norm = GradientTransforms.globalNorm(gradients);
        bSquared += norm * norm;
        double stepSize = learningRate / Math.sqrt(bSquared);
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).subi(gradients.get(i).mul(stepSize));
        }
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder().scalar("bSquared", bSquared).build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        bSquared = snapshot.scalar("bSquared");
    }
}
