package dev.descent.model;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A multilayer perceptron: hidden dense layers, then a linear output layer sized by the task (one unit per class
 * with softmax cross-entropy, one unit with mean squared error for regression).
 */
@Schema(description = "An MLP: hidden layers, then an output layer and loss chosen by the dataset's task")
public record ModelSpec(
        @Schema(description = "Hidden layers, input side first; empty for a linear model")
        @NotNull @Size(max = 64) List<@Valid @NotNull LayerSpec> hiddenLayers,
        @Schema(description = "Weight initialisation: he, xavier, zeros", example = "he", defaultValue = "he",
                allowableValues = {"he", "xavier", "zeros"}) Initialization init,
        @Schema(description = "Floating-point precision: float32, float64", example = "float32", defaultValue = "float32",
                allowableValues = {"float32", "float64"}) Precision dtype,
        @Schema(description = "The loss; cross-entropy for classification and mse for regression when omitted")
        @Valid Loss loss,
        @Schema(description = "Warm start: begin from this succeeded job's final weights (same layers and features)",
                example = "3fa85f64-5717-4562-b3fc-2c963f66afa6") java.util.UUID initFrom) {

    public ModelSpec {
        init = init != null ? init : Initialization.HE;
        dtype = dtype != null ? dtype : Precision.FLOAT32;
    }

    /** A model with the task's default loss. */
    public ModelSpec(List<LayerSpec> hiddenLayers, Initialization init, Precision dtype) {
        this(hiddenLayers, init, dtype, null, null);
    }

    /** The loss to train with on a dataset of this task. */
    public Loss lossFor(dev.descent.dataset.Task task) {
        return loss != null ? loss : Loss.forTask(task);
    }

    /** Weights and biases of the network for the given input and output widths. */
    public long parameterCount(int inputs, int outputs) {
        long count = 0;
        long width = inputs;
        for (LayerSpec layer : hiddenLayers) {
            count += width * layer.units() + layer.units();
            width = layer.units();
        }
        return count + width * outputs + outputs;
    }

    /** Values one row holds through a forward pass: its inputs, every hidden unit and the outputs. */
    public long valuesPerRow(int inputs, int outputs) {
        return inputs + hiddenLayers.stream().mapToLong(LayerSpec::units).sum() + outputs;
    }

    /** Weights only (no biases): the basis of the 6 × weights FLOP estimate per sample. */
    public long weightCount(int inputs, int outputs) {
        long count = 0;
        long width = inputs;
        for (LayerSpec layer : hiddenLayers) {
            count += width * layer.units();
            width = layer.units();
        }
        return count + width * outputs;
    }
}
