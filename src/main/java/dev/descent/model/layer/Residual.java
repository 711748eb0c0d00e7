package dev.descent.model.layer;

import dev.descent.model.Layer;
import dev.descent.model.Pass;
import dev.descent.model.Shape;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/** f(x) + x, or f(x) + P(x) with a projection P where f changes the shape (He et al. 2016). */
final class Residual extends ShapedLayer<ResidualSpec> {

    private final List<Layer> layers;
    private final Layer projection;

    Residual(ResidualSpec spec, Shape input, List<Layer> layers, Layer projection) {
        super(spec, input, layers.get(layers.size() - 1).outputShape());
        this.layers = List.copyOf(layers);
        this.projection = projection;
    }

    /** The block's layers' parameters in order, then the projection's: the order the forward pass meets them. */
    @Override
    public List<INDArray> parameters() {
        List<INDArray> parameters = new ArrayList<>();
        parts().forEach(layer -> parameters.addAll(layer.parameters()));
        return parameters;
    }

    @Override
    public List<INDArray> buffers() {
        List<INDArray> buffers = new ArrayList<>();
        parts().forEach(layer -> buffers.addAll(layer.buffers()));
        return buffers;
    }

    private List<Layer> parts() {
        List<Layer> parts = new ArrayList<>(layers);
        if (projection != null) {
            parts.add(projection);
        }
        return parts;
    }

    @Override
    public Var forward(Tape tape, Var x, Pass pass) {
        Var h = x;
        for (Layer layer : layers) {
            h = layer.forward(tape, h, pass);
        }
        return tape.add(h, projection != null ? projection.forward(tape, x, pass) : x);
    }
}
