package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * RMSProp as torch.optim.RMSprop: v ← αv + (1−α)g²; centered: a ← αa + (1−α)g, ṽ = v − a²;
 * μ > 0: b ← μb + g/(√ṽ+ε), θ ← θ − γb; else θ ← θ − γg/(√ṽ+ε).
 */
final class RmsProp implements Optimizer {

    private final RmsPropSpec spec;
    private final List<INDArray> v = new ArrayList<>();
    private final List<INDArray> a = new ArrayList<>();
    private final List<INDArray> b = new ArrayList<>();

    RmsProp(RmsPropSpec spec) {
        this.spec = spec;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        double alpha = spec.alpha();
        if (v.isEmpty()) {
            for (INDArray p : parameters) {
                v.add(OptimizerState.zerosLike(p));
                a.add(spec.centered() ? OptimizerState.zerosLike(p) : null);
                b.add(spec.momentum() > 0 ? OptimizerState.zerosLike(p) : null);
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            INDArray g = gradients.get(i);
            INDArray vi = v.get(i).muli(alpha).addi(g.mul(g).muli(1 - alpha));
            INDArray variance = vi;
            if (spec.centered()) {
                INDArray ai = a.get(i).muli(alpha).addi(g.mul(1 - alpha));
                variance = vi.sub(ai.mul(ai));
            }
            INDArray scaled = g.div(Transforms.sqrt(variance, true).addi(spec.epsilon()));
            if (spec.momentum() > 0) {
                parameters.get(i).subi(b.get(i).muli(spec.momentum()).addi(scaled).mul(learningRate));
            } else {
                parameters.get(i).subi(scaled.muli(learningRate));
            }
        }
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder()
                .arrays("v", v)
                .arrays("a", a)
                .arrays("b", b)
                .build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        OptimizerSnapshot.replace(v, snapshot.arrays("v", parameters));
        OptimizerSnapshot.replace(a, snapshot.arrays("a", parameters));
        OptimizerSnapshot.replace(b, snapshot.arrays("b", parameters));
    }
}
