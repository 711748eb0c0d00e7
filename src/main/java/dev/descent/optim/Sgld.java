package dev.descent.optim;

import dev.descent.math.Gaussian;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Stochastic gradient Langevin dynamics (Welling & Teh 2011): θ ← θ − γ∇U(θ) + √(2γT)·ξ, ξ ~ N(0, I), with
 * U = N·(mean minibatch loss) + λ‖θ‖²/2 (a Gaussian prior of precision λ). The noise comes from a seeded stream.
 */
final class Sgld implements Optimizer {

    private final SgldSpec spec;
    private final long trainingRows;
    private final long seed;
    private long t;

    Sgld(SgldSpec spec, OptimizerContext context) {
        this.spec = spec;
        this.trainingRows = context.trainingRows();
        this.seed = context.seed();
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        double noiseScale = Math.sqrt(2 * learningRate * spec.temperature());
        SplittableRandom rng = StepRandom.of(seed, ++t);
        for (int i = 0; i < parameters.size(); i++) {
            INDArray theta = parameters.get(i);
            INDArray gradU = gradients.get(i).mul(trainingRows);
            if (spec.priorPrecision() != 0) {
                gradU.addi(theta.mul(spec.priorPrecision()));
            }
            theta.subi(gradU.muli(learningRate)).addi(noise(theta, rng).muli(noiseScale));
        }
    }

    private static INDArray noise(INDArray like, SplittableRandom rng) {
        double[] xi = new double[(int) like.length()];
        for (int j = 0; j < xi.length; j++) {
            xi[j] = Gaussian.sample(rng);
        }
        return Nd4j.create(xi, like.shape(), DataType.DOUBLE).castTo(like.dataType());
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder().scalar("t", t).build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        t = (long) snapshot.scalar("t");
    }
}
