package dev.descent.optim;

import dev.descent.math.Blas;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * SGD as torch.optim.SGD: g ← g + λθ; b ← g on the first step, then b ← μb + (1−τ)g; nesterov: g ← g + μb,
 * else g ← b; θ ← θ − γg.
 */
final class Sgd implements Optimizer {

    private final SgdSpec spec;
    private final List<INDArray> buffers = new ArrayList<>();

    Sgd(SgdSpec spec) {
        this.spec = spec;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        double mu = spec.momentum();
        double tau = spec.dampening();
        double lambda = spec.weightDecay();
        boolean firstStep = buffers.isEmpty();
        if (firstStep && mu != 0) {
            parameters.forEach(p -> buffers.add(OptimizerState.zerosLike(p)));
        }
        // in place, without temporaries: ND4J's g.mul(γ) allocates and is ten times slower than saxpy
        for (int i = 0; i < parameters.size(); i++) {
            INDArray theta = parameters.get(i);
            INDArray g = gradients.get(i);
            if (lambda != 0) {
                Blas.addScaled(g, lambda, theta);
            }
            if (mu != 0) {
                INDArray b = buffers.get(i);
                if (firstStep) {
                    b.assign(g);
                } else {
                    Blas.addScaled(Blas.scale(b, mu), 1 - tau, g);
                }
                if (spec.nesterov()) {
                    Blas.addScaled(g, mu, b);
                } else {
                    g = b;
                }
            }
            Blas.addScaled(theta, -learningRate, g);
        }
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder()
                .arrays("buffers", buffers)
                .build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        OptimizerSnapshot.replace(buffers, snapshot.arrays("buffers", parameters));
    }
}
