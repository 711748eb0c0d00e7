package dev.descent.diagnostics;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.SpecIds;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How much a training example matters to a model, per Paul, Ganguli and Dziugaite, "Deep Learning on a Data Diet"
 * (2021), docs/algorithms.md: the score of every row, higher for the examples the model finds hard.
 */
public enum ScoreMethod {

    /** The error L2-norm ‖softmax(f(x)) − onehot(y)‖₂, of the class probabilities against the label. */
    EL2N("el2n") {
        @Override
        public double[] scores(Model network, Loss loss, INDArray inputs, INDArray targets) {
            return ExampleScores.el2n(network, inputs, targets);
        }
    },

    /** The gradient norm ‖∇_θ loss(x, y)‖₂ of each example, from the layers' norm identity. */
    GRAND("grand") {
        @Override
        public double[] scores(Model network, Loss loss, INDArray inputs, INDArray targets) {
            return ExampleScores.gradientNorms(network, loss, inputs, targets);
        }
    };

    private final String id;

    ScoreMethod(String id) {
        this.id = id;
    }

    /**
     * The score of every row.
     *
     * @param inputs  the network's inputs (scaled, and projected if the model was), in its precision
     * @param targets as the model trained on them: one-hot rows, or a standardised regression column
     */
    public abstract double[] scores(Model network, Loss loss, INDArray inputs, INDArray targets);

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static ScoreMethod of(String id) {
        return SpecIds.byId(values(), ScoreMethod::id, id, "method");
    }
}
