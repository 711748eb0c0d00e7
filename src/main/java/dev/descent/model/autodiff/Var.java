package dev.descent.model.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A value on a {@link Tape} and, after {@link Tape#backward}, the gradient of the loss with respect to it. */
public final class Var {

    final INDArray value;
    final boolean requiresGrad;
    INDArray grad;

    Var(INDArray value, boolean requiresGrad) {
        this.value = value;
        this.requiresGrad = requiresGrad;
    }

    public INDArray value() {
        return value;
    }

    /** True when the loss's gradient flows into this value (a parameter, or something computed from one). */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The gradient, or zeros if the loss does not depend on this value. */
    public INDArray grad() {
        return grad != null ? grad : value.ulike().assign(0);
    }

    void accumulate(INDArray g) {
        if (grad == null) {
            grad = g;
        } else {
            grad.addi(g);
        }
    }
}
