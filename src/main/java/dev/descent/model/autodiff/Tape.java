package dev.descent.model.autodiff;

import dev.descent.math.Blas;
import dev.descent.math.Rectifier;
import dev.descent.math.ScratchArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.function.UnaryOperator;

/**
 * Reverse-mode automatic differentiation over ND4J arrays. Every operation computes its value and records how to
 * pass a gradient back to its inputs; {@link #backward} replays those records in reverse. A tape is used for one
 * forward and backward pass. Gradients flow only into values that require them (parameters and what depends on them).
 * The values of dense layers and ReLU, and those operations defined outside it ask for (softmax cross-entropy's: the
 * reference model's every value), come from the tape's {@link ScratchArrays}, which a training loop reuses from step
 * to step. Layers and losses define their own operations with {@link #operation}; the tape keeps only generic ones.
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

    /** How an operation's output gradient reaches its inputs: one gradient per input, in order (null for none). */
    @FunctionalInterface
    public interface Backward {
        INDArray[] apply(INDArray outputGradient);
    }

    /**
     * An operation whose value was computed outside the tape (a layer's convolution, a loss): the tape records how
     * the gradient of {@code value} passes back to {@code inputs}. {@code backward} runs only when the output got a
     * gradient, and may skip the inputs that do not {@linkplain Var#requiresGrad require} one.
     */
    public Var operation(INDArray value, Backward backward, Var... inputs) {
        Var out = result(value, inputs);
        record(out, () -> {
            INDArray[] gradients = backward.apply(out.grad);
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].requiresGrad && gradients[i] != null) {
                    inputs[i].accumulate(gradients[i]);
                }
            }
        });
        return out;
    }

    /**
     * x itself, but a value the backward pass always reaches, keeping the gradient that arrives there (readable with
     * {@link Var#grad}) and passing it on to x: where DP-SGD reads a layer's output gradient while its parameters
     * are constants.
     */
    public Var probe(Var x) {
        Var out = new Var(x.value, recording);
        record(out, () -> {
            if (x.requiresGrad) {
                x.accumulate(out.grad.dup());
            }
        });
        return out;
    }

    /** x in another shape with the same elements in row-major order (a flatten, or rows seen as images). */
    public Var reshape(Var x, long... shape) {
        long[] original = x.value.shape();
        return operation(x.value.reshape('c', shape), g -> new INDArray[]{g.reshape('c', original)}, x);
    }

    /** x + y, elementwise, same shapes (a residual connection). */
    public Var add(Var x, Var y) {
        // one gradient array each: an input that gets more gradient adds to its own in place
        return operation(x.value.add(y.value), g -> new INDArray[]{g, g.dup()}, x, y);
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

    /**
     * An array for an operation's value or gradient, from the tape's arrays: kept across a training loop's steps, so
     * it must not outlive the step. Its contents are undefined (the caller overwrites them).
     */
    public INDArray take(DataType type, long... shape) {
        return arrays.take(type, shape);
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
