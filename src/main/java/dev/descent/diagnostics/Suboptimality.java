package dev.descent.diagnostics;

import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.Precision;
import dev.descent.optim.FlatParameters;
import dev.descent.optim.GradientOracle;
import dev.descent.optim.LbfgsSpec;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerContext;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * F(θ) − F* of a convex problem (docs/algorithms.md, "Suboptimality"): F(θ) = the mean loss over every training row
 * + (λ/2)‖θ‖² for a decoupled weight decay λ (the objective SGD with that decay descends), in float64 whatever the
 * job's precision. F* is found once, from the initial weights, by L-BFGS with a strong-Wolfe line search (the
 * project's own, PyTorch's variant) run until ‖∇F‖₂ is at most the tolerance or the iterations run out.
 */
public final class Suboptimality {

    /** F* and where L-BFGS left off. */
    public record Optimum(double value, double gradientNorm, int iterations) {
    }

    private static final int ITERATIONS_PER_CALL = 100;
    private static final int UNIT_ITERATIONS_PER_CALL = 10;
    private static final int MAX_STALLS = 3;

    private final Loss loss;
    private final INDArray x;
    private final INDArray y;
    private final double weightDecay;
    private final Optimum optimum;

    private Suboptimality(Loss loss, INDArray x, INDArray y, double weightDecay, Optimum optimum) {
        this.loss = loss;
        this.x = x;
        this.y = y;
        this.weightDecay = weightDecay;
        this.optimum = optimum;
    }

    /**
     * Finds F* starting from the model's current weights (which are not changed). Near the optimum F changes by less
     * than its rounding while ‖∇F‖ is still far above 1e-10, so a line search on F stalls there: L-BFGS goes on
     * with unit steps, judged by ‖∇F‖ alone, keeping the best point.
     */
    public static Suboptimality of(Model model, Loss loss, INDArray x, INDArray y, double weightDecay,
                                   SuboptimalitySpec spec) {
        Model copy = Model.restore(model.values(), Precision.FLOAT64);
        Objective objective = new Objective(copy, loss, x, y, weightDecay);
        Search search = new Search(objective, spec);
        search.run(true, ITERATIONS_PER_CALL);
        search.run(false, UNIT_ITERATIONS_PER_CALL);
        return new Suboptimality(loss, x, y, weightDecay, search.best());
    }

    /** L-BFGS from the objective's point, in calls of some iterations, until ‖∇F‖ is small or it stops improving. */
    private static final class Search {
        private final Objective objective;
        private final SuboptimalitySpec spec;
        private final List<INDArray> parameters;
        private GradientOracle.LossAndGradients at;
        private double norm;
        private double[] bestPoint;
        private Optimum best;
        private int iterations;

        Search(Objective objective, SuboptimalitySpec spec) {
            this.objective = objective;
            this.spec = spec;
            this.parameters = objective.model().parameters();
            this.at = objective.evaluate();
            this.norm = norm(at.gradients());
            keepIfBest();
        }

        void run(boolean lineSearch, int iterationsPerCall) {
            Optimizer lbfgs = new LbfgsSpec(1.0, 100, iterationsPerCall, Double.MIN_VALUE, Double.MIN_VALUE,
                    lineSearch).create(new OptimizerContext(objective.x().rows(), objective.x().rows(), 0));
            int stalls = 0;
            while (best.gradientNorm() > spec.gradientTolerance() && iterations < spec.maxIterations()
                    && stalls < MAX_STALLS) {
                double bestBefore = best.gradientNorm();
                double valueBefore = at.loss();
                lbfgs.step(parameters, at.gradients(), 1.0, objective);
                iterations += iterationsPerCall;
                at = objective.evaluate();
                norm = norm(at.gradients());
                if (!Double.isFinite(norm)) {
                    break;
                }
                keepIfBest();
                boolean improved = lineSearch ? at.loss() < valueBefore : best.gradientNorm() < bestBefore;
                stalls = improved ? 0 : stalls + 1;
            }
            FlatParameters.assign(parameters, bestPoint);
            at = objective.evaluate();
        }

        private void keepIfBest() {
            if (best == null || norm < best.gradientNorm()) {
                bestPoint = FlatParameters.flatten(parameters);
                best = new Optimum(at.loss(), norm, iterations);
            }
        }

        Optimum best() {
            return best;
        }
    }

    public Optimum optimum() {
        return optimum;
    }

    /** F(θ) − F* at the model's current weights. */
    public double of(Model model) {
        Model copy = Model.restore(model.values(), Precision.FLOAT64);
        return new Objective(copy, loss, x, y, weightDecay).evaluate().loss() - optimum.value();
    }

    private static double norm(List<INDArray> gradients) {
        double[] flat = FlatParameters.flatten(gradients);
        return Math.sqrt(FlatParameters.dot(flat, flat));
    }

    /** F and ∇F at a float64 model's current weights, over the rows in chunks (each cast to float64 as it is read). */
    private record Objective(Model model, Loss loss, INDArray x, INDArray y, double weightDecay)
            implements GradientOracle {

        @Override
        public LossAndGradients evaluate() {
            long rows = x.rows();
            double value = 0;
            List<INDArray> sums = null;
            for (long start = 0; start < rows; start += model.chunkRows()) {
                long end = Math.min(rows, start + model.chunkRows());
                double weight = (double) (end - start) / rows;
                Model.Gradient chunk = model.gradient(chunk(x, start, end), chunk(y, start, end), loss, null);
                value += chunk.loss() * weight;
                if (sums == null) {
                    sums = new ArrayList<>();
                    for (INDArray g : chunk.gradients()) {
                        sums.add(g.mul(weight));
                    }
                } else {
                    for (int i = 0; i < sums.size(); i++) {
                        sums.get(i).addi(chunk.gradients().get(i).mul(weight));
                    }
                }
            }
            List<INDArray> parameters = model.parameters();
            for (int i = 0; i < sums.size(); i++) {
                INDArray p = parameters.get(i);
                double norm = p.norm2Number().doubleValue();
                value += weightDecay / 2 * norm * norm;
                sums.get(i).addi(p.mul(weightDecay));
            }
            return new LossAndGradients(value, sums);
        }

        private static INDArray chunk(INDArray all, long start, long end) {
            INDArray rows = start == 0 && end == all.rows() ? all
                    : all.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
            return rows.dataType() == DataType.DOUBLE ? rows : rows.castTo(DataType.DOUBLE);
        }
    }
}
