package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/** Adadelta as torch.optim.Adadelta: v ← ρv + (1−ρ)g²; Δ = √(u+ε)/√(v+ε)·g; u ← ρu + (1−ρ)Δ²; θ ← θ − γΔ. */
final class Adadelta implements Optimizer {

    private final AdadeltaSpec spec;
    private final List<INDArray> v = new ArrayList<>();
    private final List<INDArray> u = new ArrayList<>();

    Adadelta(AdadeltaSpec spec) {
        this.spec = spec;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        double rho = spec.rho();
        double eps = spec.epsilon();
        if (v.isEmpty()) {
            for (INDArray p : parameters) {
                v.add(OptimizerState.zerosLike(p));
                u.add(OptimizerState.zerosLike(p));
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            INDArray g = gradients.get(i);
            INDArray vi = v.get(i).muli(rho).addi(g.mul(g).muli(1 - rho));
            INDArray delta = Transforms.sqrt(u.get(i).add(eps), false).divi(Transforms.sqrt(vi.add(eps), false)).muli(g);
            u.get(i).muli(rho).addi(delta.mul(delta).muli(1 - rho));
            parameters.get(i).subi(delta.muli(learningRate));
        }
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder()
                .arrays("v", v)
                .arrays("u", u)
                .build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        OptimizerSnapshot.replace(v, snapshot.arrays("v", parameters));
        OptimizerSnapshot.replace(u, snapshot.arrays("u", parameters));
    }
}
