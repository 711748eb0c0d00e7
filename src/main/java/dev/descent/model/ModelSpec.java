package dev.descent.model;

import dev.descent.model.layer.DenseSpec;
import dev.descent.model.layer.InvalidLayerException;
import dev.descent.model.layer.LayerSpec;
import dev.descent.model.layer.ResidualSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A model: its layers, then a dense output layer sized by the task (one unit per class with softmax cross-entropy,
 * one unit with mean squared error for regression). {@code hiddenLayers} is the shorthand for a model of dense
 * layers only.
 */
@Schema(description = "A model: layers (or the dense-only shorthand hiddenLayers), then an output layer and loss "
        + "chosen by the dataset's task")
public record ModelSpec(
        @Schema(description = "Shorthand for layers that are all dense: hidden dense layers, input side first; empty "
                + "for a linear model. Give either hiddenLayers or layers")
        @Size(max = 64) List<@Valid @NotNull DenseSpec> hiddenLayers,
        @Schema(description = "The layers, input side first, each with its type; the output layer follows them. Give "
                + "either layers or hiddenLayers")
        @Size(max = 64) List<@Valid @NotNull LayerSpec> layers,
        @Schema(description = "Weight initialisation: he, xavier, zeros", example = "he", defaultValue = "he",
                allowableValues = {"he", "xavier", "zeros"}) Initialization init,
        @Schema(description = "Floating-point precision: float32, float64", example = "float32", defaultValue = "float32",
                allowableValues = {"float32", "float64"}) Precision dtype,
        @Schema(description = "The loss; cross-entropy for classification and mse for regression when omitted")
        @Valid Loss loss,
        @Schema(description = "Warm start: begin from this succeeded job's final weights (same layers and features)",
                example = "3fa85f64-5717-4562-b3fc-2c963f66afa6") UUID initFrom,
        @Schema(description = "Train the one hidden layer by gradient boosting, stage by stage; it makes the model's "
                + "layers itself, so layers and hiddenLayers are omitted") @Valid BoostingSpec boosting,
        @Schema(description = "How the first layer trains: TrAct (tract) instead of its plain gradient") @Valid
        FirstLayerSpec firstLayer) {

    public ModelSpec {
        if (hiddenLayers != null && layers != null) {
            throw new IllegalArgumentException("give either hiddenLayers (dense layers only) or layers, not both");
        }
        if (hiddenLayers == null && layers == null && boosting == null) {
            throw new IllegalArgumentException("layers (or hiddenLayers) is required; [] for a linear model");
        }
        init = init != null ? init : Initialization.HE;
        dtype = dtype != null ? dtype : Precision.FLOAT32;
    }

    /** A model of dense hidden layers with the task's default loss. */
    public ModelSpec(List<DenseSpec> hiddenLayers, Initialization init, Precision dtype) {
        this(hiddenLayers, null, init, dtype, null, null, null, null);
    }

    /** A model of layers (or dense hidden layers), trained as a whole. */
    public ModelSpec(List<DenseSpec> hiddenLayers, List<LayerSpec> layers, Initialization init, Precision dtype,
                     Loss loss, UUID initFrom) {
        this(hiddenLayers, layers, init, dtype, loss, initFrom, null, null);
    }

    /** A model of any layers with the task's default loss. */
    public static ModelSpec ofLayers(List<LayerSpec> layers, Initialization init, Precision dtype) {
        return new ModelSpec(null, layers, init, dtype, null, null);
    }

    /** The loss to train with on a dataset of this task. */
    public Loss lossFor(dev.descent.dataset.Task task) {
        return loss != null ? loss : Loss.forTask(task);
    }

    /**
     * How the model sees a dataset's rows of this shape: as they are, or flat for the {@code hiddenLayers} shorthand,
     * whose dense layers take an image's pixels as features (as they always did).
     */
    public Shape input(Shape rows) {
        return layers != null && boosting == null ? rows : Shape.features(rows.size());
    }

    /** TrAct for the first layer; null when it trains by its plain gradient. */
    public TrActSpec tract() {
        return firstLayer != null ? firstLayer.tract() : null;
    }

    /** The layers, the shorthand's as dense layers; a boosted model's the hidden layer its stages make. */
    public List<LayerSpec> layerSpecs() {
        if (boosting != null) {
            return List.of(boosting.hiddenLayer());
        }
        return layers != null ? layers : List.copyOf(hiddenLayers);
    }

    /** The layers and the output layer. */
    List<LayerSpec> withOutput(int outputs) {
        List<LayerSpec> all = new ArrayList<>(layerSpecs());
        all.add(new DenseSpec(outputs, Activation.IDENTITY, 0.0));
        return all;
    }

    /**
     * Each layer's shape and size on a dataset's rows of this shape, the output layer last.
     *
     * @throws InvalidLayerException naming the layer ({@code model.layers[i]}) that cannot take its input
     */
    public ModelSummary summary(Shape rows, int outputs) {
        Shape input = input(rows);
        List<LayerSpec> all = withOutput(outputs);
        List<ModelSummary.Row> summary = new ArrayList<>();
        Shape shape = input;
        for (int i = 0; i < all.size(); i++) {
            LayerSpec layer = all.get(i);
            boolean output = i == all.size() - 1;
            Shape next;
            try {
                next = layer.outputShape(shape);
            } catch (InvalidLayerException e) {
                throw new InvalidLayerException(output ? "model" : field(i), (output ? "the output layer: " : "")
                        + e.getMessage());
            }
            summary.add(new ModelSummary.Row(output ? "output" : field(i), layer, shape, next,
                    layer.parameterCount(shape), layer.flopsPerExample(shape)));
            shape = next;
        }
        return ModelSummary.of(input, summary);
    }

    /** Where the layers of this type stand in the spec, residual blocks' own layers included ({@code model.layers[2]}). */
    public List<String> fieldsOf(Class<? extends LayerSpec> type) {
        List<String> fields = new ArrayList<>();
        List<LayerSpec> all = layerSpecs();
        for (int i = 0; i < all.size(); i++) {
            collect(all.get(i), field(i), type, fields);
        }
        return fields;
    }

    private static void collect(LayerSpec layer, String field, Class<? extends LayerSpec> type, List<String> fields) {
        if (type.isInstance(layer)) {
            fields.add(field);
        }
        if (layer instanceof ResidualSpec block) {
            for (int i = 0; i < block.layers().size(); i++) {
                collect(block.layers().get(i), field + ".layers[" + i + "]", type, fields);
            }
        }
    }

    /** Where layer i stands in the spec a client sent. */
    private String field(int i) {
        if (boosting != null) {
            return "model.boosting";
        }
        return (layers != null ? "model.layers[" : "model.hiddenLayers[") + i + "]";
    }
}
