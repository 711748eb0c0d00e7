package dev.descent.model;

import dev.descent.model.autodiff.Tape;
import dev.descent.model.layer.LayerSpec;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * One layer of a {@link Model}: its forward pass on a {@link Tape} (the tape derives the backward pass), its
 * parameters and the spec it was built from. A layer's input and output are batches, the examples along the first
 * axis, each example of the layer's {@link #inputShape} and {@link #outputShape}.
 */
public interface Layer {

    LayerSpec spec();

    Shape inputShape();

    Shape outputShape();

    /** The trained values, updated in place by optimizers; none unless the layer says so. */
    default List<INDArray> parameters() {
        return List.of();
    }

    /**
     * Values a layer keeps that gradients do not train (batch-norm's running statistics): saved with the model and in
     * checkpoints, not seen by optimizers.
     */
    default List<INDArray> buffers() {
        return List.of();
    }

    Var forward(Tape tape, Var input, Pass pass);
}
