package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * Signum (Bernstein et al. 2018): m ← βm + (1−β)g; θ ← θ − γ sign(m). With β = 0 it is signSGD, θ ← θ − γ sign(g);
 * sign(0) = 0.
 */
final class Signum implements Optimizer {

    private final double beta;
    private final List<INDArray> m = new ArrayList<>();

    Signum(double beta) {
        this.beta = beta;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        if (beta > 0 && m.isEmpty()) {
            parameters.forEach(p -> m.add(OptimizerState.zerosLike(p)));
        }
        for (int i = 0; i < parameters.size(); i++) {
            INDArray direction = beta > 0 ? m.get(i).muli(beta).addi(gradients.get(i).mul(1 - beta)) : gradients.get(i);
            parameters.get(i).subi(Transforms.sign(direction, true).muli(learningRate));
        }
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder()
                .arrays("m", m)
                .build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        OptimizerSnapshot.replace(m, snapshot.arrays("m", parameters));
    }
}
