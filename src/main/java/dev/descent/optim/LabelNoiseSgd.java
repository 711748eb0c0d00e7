package dev.descent.optim;

import dev.descent.math.Blas;
import dev.descent.math.Gaussian;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Label-noise SGD (Blanc et al. 2020; Damian et al. 2021): every step the batch's labels get fresh noise —
 * regression targets y + σε, classification labels flipped to a uniformly random class with probability p — and
 * SGD steps with the gradient on the noisy labels.
 */
final class LabelNoiseSgd implements Optimizer {

    private final LabelNoiseSgdSpec spec;
    private final long seed;
    private long t;

    LabelNoiseSgd(LabelNoiseSgdSpec spec, long seed) {
        this.spec = spec;
        this.seed = seed;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        SplittableRandom rng = StepRandom.of(seed, ++t);
        List<INDArray> noisy = oracle.evaluateWithTargets(y -> addNoise(y, rng)).gradients();
        for (int i = 0; i < parameters.size(); i++) {
            Blas.addScaled(parameters.get(i), -learningRate, noisy.get(i)); // as Sgd steps
        }
    }

    /** One-hot rows (more than one column) are classes; a single column is a regression target. */
    private INDArray addNoise(INDArray y, SplittableRandom rng) {
        int rows = (int) y.rows();
        int columns = (int) y.columns();
        double[] values = y.dup('c').reshape((long) rows * columns).toDoubleVector();
        if (columns == 1) {
            for (int r = 0; r < rows; r++) {
                values[r] += spec.sigma() * Gaussian.sample(rng);
            }
        } else {
            for (int r = 0; r < rows; r++) {
                if (rng.nextDouble() < spec.flipProbability()) {
                    java.util.Arrays.fill(values, r * columns, (r + 1) * columns, 0);
                    values[r * columns + rng.nextInt(columns)] = 1;
                }
            }
        }
        return Nd4j.create(values, new long[]{rows, columns}, DataType.DOUBLE).castTo(y.dataType());
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
