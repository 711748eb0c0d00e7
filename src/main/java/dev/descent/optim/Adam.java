package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam as torch.optim.Adam: m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²;
 * θ ← θ − γ/(1−β1^t) · m / (√v/√(1−β2^t) + ε).
 */
final class Adam implements Optimizer {

    private final AdamSpec spec;
    private final List<INDArray> m = new ArrayList<>();
    private final List<INDArray> v = new ArrayList<>();
    private long t;

    Adam(AdamSpec spec) {
        this.spec = spec;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate) {
        if (m.isEmpty()) {
            for (INDArray p : parameters) {
                m.add(OptimizerState.zerosLike(p));
                v.add(OptimizerState.zerosLike(p));
            }
        }
        t++;
        double beta1 = spec.beta1();
        double beta2 = spec.beta2();
        double stepSize = learningRate / (1 - Math.pow(beta1, t));
        double sqrtBias2 = Math.sqrt(1 - Math.pow(beta2, t));
        for (int i = 0; i < parameters.size(); i++) {
            INDArray theta = parameters.get(i);
            INDArray g = gradients.get(i);
            if (spec.weightDecay() != 0) {
                g.addi(theta.mul(spec.weightDecay()));
            }
            INDArray mi = m.get(i).muli(beta1).addi(g.mul(1 - beta1));
            INDArray vi = v.get(i).muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray denominator = Transforms.sqrt(vi, true).divi(sqrtBias2).addi(spec.epsilon());
            theta.subi(mi.div(denominator).muli(stepSize));
        }
    }
}
