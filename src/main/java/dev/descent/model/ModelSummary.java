package dev.descent.model;

import dev.descent.model.layer.LayerSpec;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** What Keras users know as {@code model.summary()}: each layer's output shape, parameters and cost, and totals. */
@Schema(description = "A model's layers on a dataset's input shape, the output layer last, with totals")
public record ModelSummary(
        @Schema(description = "The shape of one example as the first layer sees it", example = "[1, 28, 28]")
        Shape input,
        List<Row> layers,
        @Schema(description = "Trained values (weights, biases, scales) of every layer") long parameterCount,
        @Schema(description = "Floating-point operations of one example's forward pass (a multiply-add is two)")
        long flopsPerExample,
        @Schema(description = "Values one example holds through a forward pass: its input and every layer's output, "
                + "what the activation limit counts") long valuesPerExample) {

    /** One layer: where it stands in the spec, its spec, input and output shapes, parameters and FLOPs per example. */
    public record Row(@Schema(description = "Where the layer stands in the spec, or output", example = "model.layers[0]")
                      String field, LayerSpec spec, Shape input, Shape output, long parameters, long flopsPerExample) {
    }

    static ModelSummary of(Shape input, List<Row> layers) {
        return new ModelSummary(input, List.copyOf(layers), layers.stream().mapToLong(Row::parameters).sum(),
                layers.stream().mapToLong(Row::flopsPerExample).sum(),
                input.size() + layers.stream().mapToLong(row -> row.output().size()).sum());
    }
}
