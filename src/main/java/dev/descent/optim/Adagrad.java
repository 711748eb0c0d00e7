package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/** AdaGrad as torch.optim.Adagrad: γ̃ = γ/(1+(t−1)η); s ← s + g²; θ ← θ − γ̃ g/(√s + ε). */
final class Adagrad implements Optimizer {

    private final AdagradSpec spec;
    private final List<INDArray> sums = new ArrayList<>();
    private long t;

    Adagrad(AdagradSpec spec) {
        this.spec = spec;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        if (sums.isEmpty()) {
            parameters.forEach(p -> sums.add(OptimizerState.zerosLike(p).addi(spec.initialAccumulator())));
        }
        t++;
        double gamma = learningRate / (1 + (t - 1) * spec.learningRateDecay());
        for (int i = 0; i < parameters.size(); i++) {
            INDArray g = gradients.get(i);
            INDArray s = sums.get(i).addi(g.mul(g));
            parameters.get(i).subi(g.div(Transforms.sqrt(s, true).addi(spec.epsilon())).muli(gamma));
        }
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder()
                .arrays("sums", sums)
                .scalar("t", t)
                .build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        OptimizerSnapshot.replace(sums, snapshot.arrays("sums", parameters));
        t = (long) snapshot.scalar("t");
    }
}
