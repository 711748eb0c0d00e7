package dev.descent.model.autodiff;

import dev.descent.math.Blas;
import dev.descent.math.Rectifier;
import dev.descent.math.ScratchArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Reverse-mode automatic differentiation over ND4J arrays. Every operation computes its value and records how to
 * pass a gradient back to its inputs; {@link #backward} replays those records in reverse. A tape is used for one
 * forward and backward pass. Gradients flow only into values that require them (parameters and what depends on them).
 * The values of dense layers, ReLU and softmax cross-entropy (the reference model's every value) come from the tape's
 * {@link ScratchArrays}, which a training loop reuses from step to step.
 */
public final class Tape {

    private final Deque<Runnable> backwardSteps = new ArrayDeque<>();
    private final boolean recording;
    private final ScratchArrays arrays;

    private Tape(boolean recording, ScratchArrays arrays) {
        this.recording = recording;
        this.arrays = arrays;
    }

    /** A tape that records for {@link #backward}, its values new arrays. */
    public static Tape training() {
        return training(ScratchArrays.fresh());
    }

    /** A tape that records for {@link #backward}, its values taken from {@code arrays}. */
    public static Tape training(ScratchArrays arrays) {
        return new Tape(true, arrays);
    }

    /** A tape that only evaluates: nothing is recorded. */
    public static Tape inference() {
        return new Tape(false, ScratchArrays.fresh());
    }

    /** A parameter: the tape computes its gradient. */
    public Var parameter(INDArray value) {
        return new Var(value, recording);
    }

    /** An input: no gradient is computed for it. */
    public Var constant(INDArray value) {
        return new Var(value, false);
    }

    /**
     * A dense layer's x·w + b for every row of x, shapes [n, k]·[k, m] + [1, m]: one matrix product, the bias added
     * by a rank-one update and its gradient summed by a matrix-vector product (ND4J's row-vector add and column sum
     * each cost as much as a small matrix product, docs/performance.md).
     */
    public Var affine(Var x, Var w, Var b) {
        INDArray z = Blas.matmul(x.value, false, w.value, false, arrays);
        Blas.addToEveryRow(z, b.value);
        Var out = result(z, x, w, b);
        record(out, () -> {
            if (x.requiresGrad) {
                x.accumulate(Blas.matmul(out.grad, false, w.value, true, arrays));
            }
            if (w.requiresGrad) {
                w.accumulate(Blas.matmul(x.value, true, out.grad, false, arrays));
            }
            if (b.requiresGrad) {
                b.accumulate(Blas.columnSums(out.grad, arrays));
            }
        });
        return out;
    }

    /** Elementwise x ⊙ c for a constant c (a dropout mask, for instance). */
    public Var multiply(Var x, INDArray c) {
        Var out = result(x.value.mul(c), x);
        record(out, () -> x.accumulate(out.grad.mul(c)));
        return out;
    }

    /** max(0, x). Its gradient passes where y > 0. */
    public Var relu(Var x) {
        Var out = result(Rectifier.forward(x.value, take(x.value)), x);
        record(out, () -> x.accumulate(Rectifier.backward(out.value, out.grad, take(out.value))));
        return out;
    }

    /**
     * An elementwise function y = f(x) given f and its derivative f'(x, y): the derivative may use the input, the
     * output or both, whichever is cheaper.
     */
    public Var elementwise(Var x, UnaryOperator<INDArray> f, java.util.function.BinaryOperator<INDArray> derivative) {
        Var out = result(f.apply(x.value), x);
        record(out, () -> x.accumulate(derivative.apply(x.value, out.value).muli(out.grad)));
        return out;
    }

    /**
     * Mean softmax cross-entropy of logits z [n, k] against target rows y that sum to 1 (one-hot, or smoothed): mean
     * over rows of logsumexp(z) − z·y, from z − max(z) so that large logits cannot overflow; d/dz = (softmax(z) − y)/n.
     * Computed on the heap in float64: a batch's logits are few, and the nine ND4J operations this took cost five
     * times as much (docs/performance.md).
     */
    public Var softmaxCrossEntropy(Var logits, INDArray targets) {
        int n = (int) logits.value.rows();
        int k = (int) logits.value.columns();
        double[] z = HeapCopy.rowMajor(logits.value);
        double[] y = HeapCopy.rowMajor(targets);
        double[] gradient = new double[z.length];
        double sum = 0;
        for (int row = 0; row < z.length; row += k) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = row; c < row + k; c++) {
                max = Math.max(max, z[c]);
            }
            double sumExp = 0;
            double targetLogit = 0;
            for (int c = row; c < row + k; c++) {
                gradient[c] = Math.exp(z[c] - max);
                sumExp += gradient[c];
                targetLogit += (z[c] - max) * y[c];
            }
            sum += Math.log(sumExp) - targetLogit;
            for (int c = row; c < row + k; c++) {
                gradient[c] = (gradient[c] / sumExp - y[c]) / n;
            }
        }
        Var out = result(HeapCopy.write(new double[]{sum / n}, arrays.take(logits.value.dataType())), logits);
        record(out, () -> {
            double seed = out.grad.getDouble(0);
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= seed;
            }
            logits.accumulate(HeapCopy.write(gradient, arrays.take(logits.value.dataType(), n, k)));
        });
        return out;
    }

    /**
     * A loss of each row's softmax probability of its target class p_y: mean over rows of f(p_y). Its gradient in
     * the logits is w(p_y)·(softmax(z) − y)/n with w(p) = −f'(p)·p, supplied as {@code weight}.
     */
    public Var softmaxTargetProbabilityLoss(Var logits, INDArray oneHot, DoubleUnaryOperator f,
                                            DoubleUnaryOperator weight) {
        long n = logits.value.rows();
        INDArray shifted = logits.value.subColumnVector(logits.value.max(true, 1));
        INDArray probabilities = Transforms.exp(shifted, true);
        probabilities.diviColumnVector(probabilities.sum(true, 1));
        double[] targetProbability = probabilities.mul(oneHot).sum(1).toDoubleVector();
        double sum = 0;
        double[] weights = new double[targetProbability.length];
        for (int i = 0; i < targetProbability.length; i++) {
            sum += f.applyAsDouble(targetProbability[i]);
            weights[i] = weight.applyAsDouble(targetProbability[i]);
        }
        Var out = result(Nd4j.scalar(logits.value.dataType(), sum / n), logits);
        record(out, () -> {
            INDArray w = Nd4j.create(weights, new long[]{n, 1}, DataType.DOUBLE).castTo(logits.value.dataType());
            logits.accumulate(probabilities.subi(oneHot).muliColumnVector(w).muli(out.grad.getDouble(0) / n));
        });
        return out;
    }

    /** Mean Huber loss over all elements: ½d² where |d| ≤ δ, else δ(|d| − ½δ). */
    public Var huber(Var prediction, INDArray target, double delta) {
        INDArray diff = prediction.value.sub(target);
        long count = diff.length();
        INDArray clipped = Transforms.min(Transforms.max(diff, -delta, true), delta, false);
        // with c = clip(d, −δ, δ): ½d² inside and δ(|d| − ½δ) outside both equal c·d − ½c²
        double loss = (clipped.mul(diff).sumNumber().doubleValue() - clipped.mul(clipped).sumNumber().doubleValue() / 2)
                / count;
        Var out = result(Nd4j.scalar(prediction.value.dataType(), loss), prediction);
        record(out, () -> prediction.accumulate(clipped.mul(out.grad.getDouble(0) / count)));
        return out;
    }

    /** Mean squared error over all elements of prediction and target. */
    public Var meanSquaredError(Var prediction, INDArray target) {
        INDArray diff = prediction.value.sub(target);
        long count = diff.length();
        double loss = diff.mul(diff).sumNumber().doubleValue() / count;
        Var out = result(Nd4j.scalar(prediction.value.dataType(), loss), prediction);
        record(out, () -> prediction.accumulate(diff.mul(2.0 * out.grad.getDouble(0) / count)));
        return out;
    }

    /** Back-propagates from a scalar: afterwards every value that requires a gradient holds d(scalar)/d(value). */
    public void backward(Var scalar) {
        if (!recording) {
            throw new IllegalStateException("an inference tape records no gradients");
        }
        double[] ones = new double[(int) scalar.value.length()];
        Arrays.fill(ones, 1);
        scalar.grad = HeapCopy.write(ones, take(scalar.value));
        while (!backwardSteps.isEmpty()) {
            backwardSteps.pop().run();
        }
    }

    /** An array of a's type and shape from the tape's arrays. */
    private INDArray take(INDArray a) {
        return arrays.take(a.dataType(), a.shape());
    }

    private Var result(INDArray value, Var... inputs) {
        boolean requiresGrad = false;
        for (Var input : inputs) {
            requiresGrad |= input.requiresGrad;
        }
        return new Var(value, requiresGrad);
    }

    /** Steps run in reverse order of recording; a step whose output got no gradient is skipped. */
    private void record(Var out, Runnable step) {
        if (out.requiresGrad) {
            backwardSteps.push(() -> {
                if (out.grad != null) {
                    step.run();
                }
            });
        }
    }
}
