package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam as torch.optim.Adam: m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²;
 * θ ← θ − γ/(1−β1^t) · m / (√v/√(1−β2^t) + ε). Weight decay is coupled L2 (g ← g + λθ), or decoupled as AdamW
 * (θ ← θ − γλθ first). AMSGrad keeps v̂ ← max(v̂, v) on the raw v and divides by √(1−β2^t) after.
 */
final class Adam implements Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private final boolean decoupled;
    private final boolean amsgrad;
    private final List<INDArray> m = new ArrayList<>();
    private final List<INDArray> v = new ArrayList<>();
    private final List<INDArray> vMax = new ArrayList<>();
    private long t;

    Adam(double beta1, double beta2, double epsilon, double weightDecay, boolean decoupled, boolean amsgrad) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.amsgrad = amsgrad;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        if (m.isEmpty()) {
            for (INDArray p : parameters) {
                m.add(OptimizerState.zerosLike(p));
                v.add(OptimizerState.zerosLike(p));
                if (amsgrad) {
                    vMax.add(OptimizerState.zerosLike(p));
                }
            }
        }
        t++;
        double stepSize = learningRate / (1 - Math.pow(beta1, t));
        double sqrtBias2 = Math.sqrt(1 - Math.pow(beta2, t));
        for (int i = 0; i < parameters.size(); i++) {
            INDArray theta = parameters.get(i);
            INDArray g = gradients.get(i);
            if (weightDecay != 0) {
                if (decoupled) {
                    theta.muli(1 - learningRate * weightDecay);
                } else {
                    g.addi(theta.mul(weightDecay));
                }
            }
            INDArray mi = m.get(i).muli(beta1).addi(g.mul(1 - beta1));
            INDArray vi = v.get(i).muli(beta2).addi(g.mul(g).muli(1 - beta2));
            INDArray second = amsgrad ? Transforms.max(vMax.get(i), vi, false) : vi;
            INDArray denominator = Transforms.sqrt(second, true).divi(sqrtBias2).addi(epsilon);
            theta.subi(mi.div(denominator).muli(stepSize));
        }
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder()
                .arrays("m", m)
                .arrays("v", v)
                .arrays("vMax", vMax)
                .scalar("t", t)
                .build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        OptimizerSnapshot.replace(m, snapshot.arrays("m", parameters));
        OptimizerSnapshot.replace(v, snapshot.arrays("v", parameters));
        OptimizerSnapshot.replace(vMax, snapshot.arrays("vMax", parameters));
        t = (long) snapshot.scalar("t");
    }
}
