package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * SVRG (Johnson & Zhang 2013) and its loopless form (Kovalev et al. 2020): keep a snapshot w̃ with its full
 * gradient μ; step with ∇f_B(x) − ∇f_B(w̃) + μ. The snapshot is refreshed every {@code interval} steps, or, loopless,
 * with probability p at each step. The first step takes the snapshot.
 */
final class Svrg implements Optimizer {

    private final long interval;
    private final double probability;
    private final boolean loopless;
    private final long seed;
    private List<INDArray> snapshot;
    private List<INDArray> fullGradient;
    private long t;

    Svrg(long interval, double probability, boolean loopless, long seed) {
        this.interval = interval;
        this.probability = probability;
        this.loopless = loopless;
        this.seed = seed;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        boolean refresh = snapshot == null
                || (loopless ? StepRandom.of(seed, t).nextDouble() < probability : t % interval == 0);
        t++;
        if (refresh) {
            takeSnapshot(parameters, oracle);
        }
        List<INDArray> current = new ArrayList<>(parameters.size());
        for (INDArray p : parameters) {
            current.add(p.dup());
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).assign(snapshot.get(i));
        }
        List<INDArray> atSnapshot = oracle.evaluate().gradients();
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).assign(current.get(i));
            INDArray v = gradients.get(i).sub(atSnapshot.get(i)).addi(fullGradient.get(i));
            parameters.get(i).subi(v.muli(learningRate));
        }
    }

    /** w̃ ← x and μ ← ∇f(w̃) over all rows, kept outside the step's workspace. */
    private void takeSnapshot(List<INDArray> parameters, GradientOracle oracle) {
        List<INDArray> full = oracle.evaluateFullData().gradients();
        snapshot = OptimizerState.copies(parameters);
        fullGradient = OptimizerState.copies(full);
    }

    @Override
    public OptimizerSnapshot snapshot() {
        OptimizerSnapshot.Builder builder = OptimizerSnapshot.builder().scalar("t", t);
        if (snapshot != null) {
            builder.arrays("snapshot", snapshot).arrays("fullGradient", fullGradient);
        }
        return builder.build();
    }

    @Override
    public void restore(OptimizerSnapshot state, List<INDArray> parameters) {
        t = (long) state.scalar("t");
        List<INDArray> restored = state.arrays("snapshot", parameters);
        snapshot = restored.isEmpty() ? null : restored;
        fullGradient = restored.isEmpty() ? null : state.arrays("fullGradient", parameters);
    }
}
