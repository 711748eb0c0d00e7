package dev.descent.optim;

import java.util.function.DoubleFunction;

/**
 * The strong-Wolfe line search of torch.optim.lbfgs (_strong_wolfe with cubic interpolation), c1 = 1e-4, c2 = 0.9,
 * at most 25 evaluations: a bracketing phase, then zoom.
 */
final class StrongWolfe {

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_EVALUATIONS = 25;

    record Result(double loss, double[] gradient, double step, int evaluations) {
    }

    private StrongWolfe() {
    }

    /**
     * @param objective loss and gradient at step t along d
     * @param t         the initial step
     * @param f         the loss at t = 0
     * @param g         the gradient at t = 0
     * @param gtd       gᵀd, negative
     */
    static Result search(DoubleFunction<Lbfgs.Point> objective, double t, double[] d, double f, double[] g, double gtd,
                         double toleranceChange) {
        double dNorm = FlatParameters.maxAbs(d);
        Lbfgs.Point next = objective.apply(t);
        int evaluations = 1;
        double gtdNew = FlatParameters.dot(next.gradient(), d);
        double tPrev = 0;
        double fPrev = f;
        double[] gPrev = g;
        double gtdPrev = gtd;
        boolean done = false;
        int iteration = 0;
        double[] bracket;
        double[] bracketF;
        double[][] bracketG;
        double[] bracketGtd = new double[2];
        while (true) {
            if (iteration >= MAX_EVALUATIONS) {
                bracket = new double[]{0, t};
                bracketF = new double[]{f, next.loss()};
                bracketG = new double[][]{g, next.gradient()};
                break;
            }
            boolean sufficientDecreaseFails = next.loss() > f + C1 * t * gtd || (iteration > 1 && next.loss() >= fPrev);
            if (!sufficientDecreaseFails && Math.abs(gtdNew) <= -C2 * gtd) {
                bracket = new double[]{t};
                bracketF = new double[]{next.loss()};
                bracketG = new double[][]{next.gradient()};
                done = true;
                break;
            }
            if (sufficientDecreaseFails || gtdNew >= 0) {
                bracket = new double[]{tPrev, t};
                bracketF = new double[]{fPrev, next.loss()};
                bracketG = new double[][]{gPrev, next.gradient()};
                bracketGtd = new double[]{gtdPrev, gtdNew};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double previous = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, next.loss(), gtdNew, minStep, maxStep);
            tPrev = previous;
            fPrev = next.loss();
            gPrev = next.gradient();
            gtdPrev = gtdNew;
            next = objective.apply(t);
            evaluations++;
            gtdNew = FlatParameters.dot(next.gradient(), d);
            iteration++;
        }

        // zoom: shrink the bracket until a point satisfies the strong Wolfe conditions
        boolean insufficientProgress = false;
        int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int high = 1 - low;
        while (!done && iteration < MAX_EVALUATIONS) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1],
                    Math.min(bracket[0], bracket[1]), Math.max(bracket[0], bracket[1]));
            double max = Math.max(bracket[0], bracket[1]);
            double min = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (max - min);
            if (Math.min(max - t, t - min) < eps) {
                if (insufficientProgress || t >= max || t <= min) {
                    t = Math.abs(t - max) < Math.abs(t - min) ? max - eps : min + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            next = objective.apply(t);
            evaluations++;
            gtdNew = FlatParameters.dot(next.gradient(), d);
            iteration++;
            if (next.loss() > f + C1 * t * gtd || next.loss() >= bracketF[low]) {
                bracket[high] = t;
                bracketF[high] = next.loss();
                bracketG[high] = next.gradient();
                bracketGtd[high] = gtdNew;
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = t;
                bracketF[low] = next.loss();
                bracketG[low] = next.gradient();
                bracketGtd[low] = gtdNew;
            }
        }
        return new Result(bracketF[low], bracketG[low], bracket[low], evaluations);
    }

    /** The minimiser of the cubic through two points with their slopes, clamped to [lower, upper]. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lower,
                                   double upper) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minimum = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minimum, lower), upper);
        }
        return (lower + upper) / 2;
    }
}
