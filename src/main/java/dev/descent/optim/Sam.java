package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * Sharpness-aware minimisation (Foret et al. 2021): e = ρ g/(‖g‖+1e-12), or adaptive (ASAM, Kwon et al. 2021)
 * e = ρ θ²⊙g/(‖|θ|⊙g‖+1e-12); the gradient g' at θ + e on the same batch; θ restored exactly; the base optimizer
 * steps with g'.
 */
final class Sam implements Optimizer {

    private static final double TINY = 1e-12;

    private final double rho;
    private final boolean adaptive;
    private final Optimizer base;

    Sam(double rho, boolean adaptive, Optimizer base) {
        this.rho = rho;
        this.adaptive = adaptive;
        this.base = base;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        List<INDArray> scaled = new ArrayList<>(gradients.size());
        double normSquared = 0;
        for (int i = 0; i < parameters.size(); i++) {
            INDArray s = adaptive ? Transforms.abs(parameters.get(i), true).muli(gradients.get(i)) : gradients.get(i);
            double n = s.norm2Number().doubleValue();
            normSquared += n * n;
            scaled.add(s);
        }
        double factor = rho / (Math.sqrt(normSquared) + TINY);
        List<INDArray> saved = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            INDArray theta = parameters.get(i);
            saved.add(theta.dup());
            // ASAM: θ²⊙g = |θ|⊙(|θ|⊙g)
            INDArray e = adaptive ? Transforms.abs(theta, true).muli(scaled.get(i)) : scaled.get(i).dup();
            theta.addi(e.muli(factor));
        }
        List<INDArray> perturbed = oracle.evaluate().gradients();
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).assign(saved.get(i));
        }
        base.step(parameters, perturbed, learningRate, oracle);
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder().inner(base.snapshot()).build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        base.restore(snapshot.inner(), parameters);
    }
}
