package dev.descent.model;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.descent.dataset.Task;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The training objective, selected by {@code type}; each suits one task. Classification losses take the logits and
 * one-hot targets (p = softmax(z)); regression losses the predicted value.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Loss.CrossEntropy.class, name = "cross-entropy"),
        @JsonSubTypes.Type(value = Loss.LabelSmoothing.class, name = "label-smoothing"),
        @JsonSubTypes.Type(value = Loss.GeneralizedCrossEntropy.class, name = "generalized-cross-entropy"),
        @JsonSubTypes.Type(value = Loss.MeanAbsoluteError.class, name = "mae"),
        @JsonSubTypes.Type(value = Loss.MeanSquaredError.class, name = "mse"),
        @JsonSubTypes.Type(value = Loss.Huber.class, name = "huber")
})
@Schema(description = "The loss; by default cross-entropy for classification, mse for regression",
        oneOf = {Loss.CrossEntropy.class, Loss.LabelSmoothing.class, Loss.GeneralizedCrossEntropy.class,
                Loss.MeanAbsoluteError.class, Loss.MeanSquaredError.class, Loss.Huber.class},
        discriminatorProperty = "type", discriminatorMapping = {
        @DiscriminatorMapping(value = "cross-entropy", schema = Loss.CrossEntropy.class),
        @DiscriminatorMapping(value = "label-smoothing", schema = Loss.LabelSmoothing.class),
        @DiscriminatorMapping(value = "generalized-cross-entropy", schema = Loss.GeneralizedCrossEntropy.class),
        @DiscriminatorMapping(value = "mae", schema = Loss.MeanAbsoluteError.class),
        @DiscriminatorMapping(value = "mse", schema = Loss.MeanSquaredError.class),
        @DiscriminatorMapping(value = "huber", schema = Loss.Huber.class)})
public sealed interface Loss {

    /** The mean loss of a batch, on the tape. */
    Var apply(Tape tape, Var output, INDArray target);

    /** The task the loss is for. */
    Task task();

    static Loss forTask(Task task) {
        return task == Task.CLASSIFICATION ? new CrossEntropy() : new MeanSquaredError();
    }

    @Schema(description = "Softmax cross-entropy: −log p_y")
    record CrossEntropy() implements Loss {
        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return tape.softmaxCrossEntropy(output, target);
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }
    }

    @Schema(description = "Label-smoothed cross-entropy: the target is (1 − ε)·onehot + ε/K")
    record LabelSmoothing(
            @Schema(description = "Smoothing ε", example = "0.1", defaultValue = "0.1")
            @jakarta.validation.constraints.DecimalMin("0.0") @jakarta.validation.constraints.DecimalMax(value = "1.0", inclusive = false)
            Double smoothing) implements Loss {

        public LabelSmoothing {
            smoothing = smoothing != null ? smoothing : 0.1;
        }

        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return tape.softmaxCrossEntropy(output, target.mul(1 - smoothing).addi(smoothing / target.columns()));
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }
    }

    @Schema(description = "Generalized cross-entropy (Zhang & Sabuncu 2018): (1 − p_y^q)/q, robust to label noise")
    record GeneralizedCrossEntropy(
            @Schema(description = "q in (0, 1]: q → 0 is cross-entropy, q = 1 is MAE/2", example = "0.7", defaultValue = "0.7")
            @jakarta.validation.constraints.DecimalMin(value = "0.0", inclusive = false) @jakarta.validation.constraints.DecimalMax("1.0")
            Double q) implements Loss {

        public GeneralizedCrossEntropy {
            q = q != null ? q : 0.7;
        }

        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return tape.softmaxTargetProbabilityLoss(output, target, p -> (1 - Math.pow(p, q)) / q, p -> Math.pow(p, q));
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }
    }

    @Schema(description = "Mean absolute error of the probabilities, for classification: ‖p − onehot‖₁ = 2(1 − p_y)")
    record MeanAbsoluteError() implements Loss {
        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return tape.softmaxTargetProbabilityLoss(output, target, p -> 2 * (1 - p), p -> 2 * p);
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }
    }

    @Schema(description = "Mean squared error")
    record MeanSquaredError() implements Loss {
        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return tape.meanSquaredError(output, target);
        }

        @Override
        public Task task() {
            return Task.REGRESSION;
        }
    }

    @Schema(description = "Huber loss: ½d² where |d| ≤ δ, else δ(|d| − ½δ)")
    record Huber(
            @Schema(description = "Threshold δ", example = "1.0", defaultValue = "1.0")
            @jakarta.validation.constraints.Positive Double delta) implements Loss {

        public Huber {
            delta = delta != null ? delta : 1.0;
        }

        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return tape.huber(output, target, delta);
        }

        @Override
        public Task task() {
            return Task.REGRESSION;
        }
    }
}
