package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * L-BFGS as torch.optim.LBFGS: each step runs up to {@code maxIterations} iterations on the step's batch (through
 * the gradient oracle), with the two-loop recursion over the last {@code history} pairs (a pair is kept only if
 * yᵀs > 1e-10; H0 = yᵀs/yᵀy), a first step of min(1, 1/‖g‖₁)·γ, and optionally a strong-Wolfe line search. The
 * history, direction and step length carry over to the next step, as PyTorch's state does. Works in float64.
 */
final class Lbfgs implements Optimizer {

    private final LbfgsSpec spec;
    private final Deque<double[]> oldDirections = new ArrayDeque<>();
    private final Deque<double[]> oldSteps = new ArrayDeque<>();
    private final Deque<Double> rho = new ArrayDeque<>();
    private double[] direction;
    private double stepLength;
    private double hessianDiagonal = 1;
    private double[] previousGradient;
    private long iterations;

    Lbfgs(LbfgsSpec spec) {
        this.spec = spec;
    }

    /** The loss and flat gradient at a point. */
    record Point(double loss, double[] gradient) {
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        double[] gradient = FlatParameters.flatten(gradients);
        double loss = oracle.evaluate().loss();
        int evaluations = 1;
        int maxEvaluations = spec.maxIterations() * 5 / 4;
        if (FlatParameters.maxAbs(gradient) <= spec.toleranceGrad()) {
            return;
        }
        double[] x = FlatParameters.flatten(parameters);
        for (int n = 1; n <= spec.maxIterations(); n++) {
            iterations++;
            if (iterations == 1) {
                direction = FlatParameters.plus(new double[gradient.length], -1, gradient);
                hessianDiagonal = 1;
            } else {
                direction = twoLoopDirection(gradient);
            }
            previousGradient = gradient.clone();
            double previousLoss = loss;
            stepLength = iterations == 1 ? Math.min(1, 1 / l1(gradient)) * learningRate : learningRate;
            double slope = FlatParameters.dot(gradient, direction);
            if (slope > -spec.toleranceChange()) {
                break;
            }
            int lineEvaluations = 0;
            if (spec.strongWolfe()) {
                StrongWolfe.Result result = StrongWolfe.search(t -> evaluate(parameters, oracle, x, t, direction),
                        stepLength, direction, loss, gradient, slope, spec.toleranceChange());
                loss = result.loss();
                gradient = result.gradient();
                stepLength = result.step();
                lineEvaluations = result.evaluations();
                addTo(x, stepLength, direction);
                FlatParameters.assign(parameters, x);
            } else {
                addTo(x, stepLength, direction);
                FlatParameters.assign(parameters, x);
                if (n != spec.maxIterations()) {
                    GradientOracle.LossAndGradients evaluation = oracle.evaluate();
                    loss = evaluation.loss();
                    gradient = FlatParameters.flatten(evaluation.gradients());
                    lineEvaluations = 1;
                }
            }
            evaluations += lineEvaluations;
            if (n == spec.maxIterations() || evaluations >= maxEvaluations
                    || FlatParameters.maxAbs(gradient) <= spec.toleranceGrad()
                    || FlatParameters.maxAbs(direction) * Math.abs(stepLength) <= spec.toleranceChange()
                    || Math.abs(loss - previousLoss) < spec.toleranceChange()) {
                break;
            }
        }
    }

    /** Updates the curvature pairs with the last move, then −H·g by the two-loop recursion. */
    private double[] twoLoopDirection(double[] gradient) {
        double[] y = FlatParameters.plus(gradient, -1, previousGradient);
        double[] s = FlatParameters.plus(new double[direction.length], stepLength, direction);
        double ys = FlatParameters.dot(y, s);
        if (ys > 1e-10) {
            if (oldDirections.size() == spec.history()) {
                oldDirections.removeFirst();
                oldSteps.removeFirst();
                rho.removeFirst();
            }
            oldDirections.addLast(y);
            oldSteps.addLast(s);
            rho.addLast(1 / ys);
            hessianDiagonal = ys / FlatParameters.dot(y, y);
        }
        int count = oldDirections.size();
        double[][] ys2 = oldDirections.toArray(new double[0][]);
        double[][] ss = oldSteps.toArray(new double[0][]);
        Double[] rhos = rho.toArray(new Double[0]);
        double[] alpha = new double[count];
        double[] q = FlatParameters.plus(new double[gradient.length], -1, gradient);
        for (int i = count - 1; i >= 0; i--) {
            alpha[i] = FlatParameters.dot(ss[i], q) * rhos[i];
            addTo(q, -alpha[i], ys2[i]);
        }
        double[] r = FlatParameters.plus(new double[q.length], hessianDiagonal, q);
        for (int i = 0; i < count; i++) {
            double beta = FlatParameters.dot(ys2[i], r) * rhos[i];
            addTo(r, alpha[i] - beta, ss[i]);
        }
        return r;
    }

    /** Loss and gradient at x + t·d, leaving the parameters at x. */
    private static Point evaluate(List<INDArray> parameters, GradientOracle oracle, double[] x, double t, double[] d) {
        FlatParameters.assign(parameters, FlatParameters.plus(x, t, d));
        GradientOracle.LossAndGradients evaluation = oracle.evaluate();
        FlatParameters.assign(parameters, x);
        return new Point(evaluation.loss(), FlatParameters.flatten(evaluation.gradients()));
    }

    private static void addTo(double[] target, double scale, double[] v) {
        for (int i = 0; i < target.length; i++) {
            target[i] += scale * v[i];
        }
    }

    private static double l1(double[] v) {
        double sum = 0;
        for (double value : v) {
            sum += Math.abs(value);
        }
        return sum;
    }

    @Override
    public OptimizerSnapshot snapshot() {
        OptimizerSnapshot.Builder builder = OptimizerSnapshot.builder()
                .raw("oldDirections", List.copyOf(oldDirections))
                .raw("oldSteps", List.copyOf(oldSteps))
                .raw("rho", List.of(rho.stream().mapToDouble(Double::doubleValue).toArray()))
                .scalar("stepLength", stepLength)
                .scalar("hessianDiagonal", hessianDiagonal)
                .scalar("iterations", iterations);
        if (direction != null) {
            builder.raw("direction", List.of(direction)).raw("previousGradient", List.of(previousGradient));
        }
        return builder.build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        oldDirections.clear();
        oldDirections.addAll(snapshot.raw("oldDirections"));
        oldSteps.clear();
        oldSteps.addAll(snapshot.raw("oldSteps"));
        rho.clear();
        for (double r : snapshot.raw("rho").get(0)) {
            rho.add(r);
        }
        stepLength = snapshot.scalar("stepLength");
        hessianDiagonal = snapshot.scalar("hessianDiagonal");
        iterations = (long) snapshot.scalar("iterations");
        List<double[]> saved = snapshot.raw("direction");
        direction = saved.isEmpty() ? null : saved.get(0);
        previousGradient = saved.isEmpty() ? null : snapshot.raw("previousGradient").get(0);
    }
}
