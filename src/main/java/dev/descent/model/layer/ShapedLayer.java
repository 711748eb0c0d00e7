package dev.descent.model.layer;

import dev.descent.model.Layer;
import dev.descent.model.Shape;

/** What every layer holds alike: the spec it was built from and the shapes of its input and output. */
abstract class ShapedLayer<S extends LayerSpec> implements Layer {

    private final S spec;
    private final Shape input;
    private final Shape output;

    ShapedLayer(S spec, Shape input, Shape output) {
        this.spec = spec;
        this.input = input;
        this.output = output;
    }

    @Override
    public S spec() {
        return spec;
    }

    @Override
    public Shape inputShape() {
        return input;
    }

    @Override
    public Shape outputShape() {
        return output;
    }
}
