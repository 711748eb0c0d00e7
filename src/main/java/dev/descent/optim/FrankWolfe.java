package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic Frank-Wolfe (Mokhtari, Hassani & Karbasi 2018), each parameter array on its own set: d ← (1−ρ_t)d + ρ_t g
 * with ρ_t = min(1, 4/(t+8)^{2/3}); v = argmin over the set of ⟨d, v⟩ (a vertex); θ ← (1−η_t)θ + η_t v with
 * η_t = min(1, γ·2/(t+2)). The L1 ball's vertices are ±r·e_j, the simplex's r·e_j.
 */
final class FrankWolfe implements Optimizer {

    private final double radius;
    private final boolean simplex;
    private final List<INDArray> averaged = new ArrayList<>();
    private long t;

    FrankWolfe(double radius, boolean simplex) {
        this.radius = radius;
        this.simplex = simplex;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        if (averaged.isEmpty()) {
            parameters.forEach(p -> averaged.add(OptimizerState.zerosLike(p)));
        }
        t++;
        double rho = Math.min(1, 4 / Math.pow(t + 8, 2.0 / 3));
        double eta = Math.min(1, learningRate * 2 / (t + 2));
        for (int i = 0; i < parameters.size(); i++) {
            INDArray d = averaged.get(i).muli(1 - rho).addi(gradients.get(i).mul(rho));
            INDArray theta = parameters.get(i);
            theta.muli(1 - eta);
            double[] direction = d.dup('c').reshape(d.length()).toDoubleVector();
            int j = 0;
            for (int k = 1; k < direction.length; k++) {
                boolean better = simplex ? direction[k] < direction[j] : Math.abs(direction[k]) > Math.abs(direction[j]);
                if (better) {
                    j = k;
                }
            }
            double vertex = simplex ? radius : -radius * Math.signum(direction[j]);
            theta.putScalar(j, theta.getDouble(j) + eta * vertex);
        }
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder()
                .arrays("averaged", averaged)
                .scalar("t", t)
                .build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        OptimizerSnapshot.replace(averaged, snapshot.arrays("averaged", parameters));
        t = (long) snapshot.scalar("t");
    }
}
