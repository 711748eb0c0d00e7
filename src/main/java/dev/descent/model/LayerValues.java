package dev.descent.model;

import dev.descent.model.layer.LayerSpec;

import java.util.List;

/**
 * One layer as stored in a model artifact or a checkpoint: its spec, the shape of its input, and its parameters' and
 * buffers' values, each array flattened in row-major order, in the layer's own order.
 */
public record LayerValues(LayerSpec spec, Shape input, List<double[]> parameters, List<double[]> buffers) {

    public LayerValues {
        parameters = List.copyOf(parameters);
        buffers = buffers != null ? List.copyOf(buffers) : List.of();
    }
}
