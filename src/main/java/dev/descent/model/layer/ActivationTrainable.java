package dev.descent.model.layer;

import dev.descent.model.Layer;

/** A layer whose weights multiply rows of its input linearly (a dense layer's examples, a convolution's patches). */
public interface ActivationTrainable extends Layer {

    /** This layer, on the same weights, whose weights' gradient in training passes is TrAct's. */
    Layer withTrAct(TrAct tract);
}
