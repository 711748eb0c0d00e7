package dev.descent.model.layer;

import dev.descent.model.Pass;
import dev.descent.model.Shape;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;


/** The same values in another shape: a flatten. */
final class Reshape extends ShapedLayer<LayerSpec> {

    Reshape(LayerSpec spec, Shape input, Shape output) {
        super(spec, input, output);
    }

    @Override
    public Var forward(Tape tape, Var x, Pass pass) {
        return tape.reshape(x, outputShape().batch(x.value().size(0)));
    }
}
