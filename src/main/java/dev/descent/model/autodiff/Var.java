package dev.descent.model.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A value on a {@link Tape} and, after {@link Tape#backward}, the gradient of the loss with respect to it. */
public final class Var {

    final INDArray value;
    final boolean requiresGrad;
    INDArray grad;
    private boolean gradShared;

    Var(INDArray value, boolean requiresGrad) {
        this.value = value;
        this.requiresGrad = requiresGrad;
    }

    public INDArray value() {
        return value;
    }

    /** The gradient, or zeros if the loss does not depend on this value. */
    public INDArray grad() {
        return grad != null ? grad : value.ulike().assign(0);
    }

    /** Adds {@code g}, which is this value's own from now on. */
    void accumulate(INDArray g) {
        if (grad == null) {
            grad = g;
        } else if (gradShared) {
            grad = grad.add(g);
            gradShared = false;
        } else {
            grad.addi(g);
        }
    }

    /** Adds another value's gradient, which stays that value's: it is copied only if more is added to it. */
    void accumulateShared(INDArray g) {
        if (grad == null) {
            grad = g;
            gradShared = true;
        } else {
            accumulate(g);
        }
    }
}
