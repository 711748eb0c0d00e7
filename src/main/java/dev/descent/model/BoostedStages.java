package dev.descent.model;

import dev.descent.model.layer.DenseSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a boosted network needs to answer with only its first stages: the units each stage added, and the output
 * layer's bias after each stage ({@code outputBias.get(k − 1)} with the first k). The stages' hidden units come in
 * training order, so the first k stages are the first k·J units and the output weights' first k·J rows.
 */
public record BoostedStages(int unitsPerStage, List<double[]> outputBias) {

    public BoostedStages {
        outputBias = List.copyOf(outputBias);
    }

    public int count() {
        return outputBias.size();
    }

    /** These stages and one more, whose output bias is given. */
    public BoostedStages then(double[] bias) {
        List<double[]> biases = new ArrayList<>(outputBias);
        biases.add(bias);
        return new BoostedStages(unitsPerStage, biases);
    }

    /**
     * A boosted network's layers (hidden, output) as the first {@code k} stages alone make them.
     *
     * @throws IllegalArgumentException when k is not between 1 and the stages trained
     */
    public List<LayerValues> first(int k, List<LayerValues> layers) {
        if (k < 1 || k > count()) {
            throw new IllegalArgumentException("the model has " + count() + " stages, so stages is between 1 and "
                    + count() + ", was " + k);
        }
        LayerValues hidden = layers.get(0);
        LayerValues output = layers.get(1);
        int units = ((DenseSpec) hidden.spec()).units();
        int kept = k * unitsPerStage;
        int inputs = hidden.input().size();
        double[] weights = new double[inputs * kept];
        for (int i = 0; i < inputs; i++) {
            System.arraycopy(hidden.parameters().get(0), i * units, weights, i * kept, kept);
        }
        DenseSpec hiddenSpec = (DenseSpec) hidden.spec();
        int outputs = outputBias.get(0).length;
        return List.of(
                new LayerValues(new DenseSpec(kept, hiddenSpec.activation(), hiddenSpec.dropout()), hidden.input(),
                        List.of(weights, Arrays.copyOf(hidden.parameters().get(1), kept)), List.of()),
                new LayerValues(output.spec(), Shape.features(kept),
                        List.of(Arrays.copyOf(output.parameters().get(0), kept * outputs), outputBias.get(k - 1)),
                        List.of()));
    }
}
