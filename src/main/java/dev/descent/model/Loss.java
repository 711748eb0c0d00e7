package dev.descent.model;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.dataset.Task;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.descent.model.autodiff.HeapCopy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.function.DoubleUnaryOperator;

/**
 * The training objective, selected by {@code type}; each suits one task. Classification losses take the logits and
 * one-hot targets (p = softmax(z)); regression losses the predicted value.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@Schema(description = "The loss; by default cross-entropy for classification, mse for regression", discriminatorProperty = "type")
public sealed interface Loss {

    /** The mean loss of a batch, on the tape. */
    Var apply(Tape tape, Var output, INDArray target);

    /** The task the loss is for. */
    Task task();

    /**
     * Whether the loss is convex in the model's output (the logits for classification): then a model without hidden
     * layers has a convex training loss. Losses of the target's probability alone (MAE, GCE) are not.
     */
    default boolean convex() {
        return true;
    }

    static Loss forTask(Task task) {
        return task == Task.CLASSIFICATION ? new CrossEntropy() : new MeanSquaredError();
    }

    @Schema(description = "Softmax cross-entropy: −log p_y")
    @JsonTypeName("cross-entropy")
    record CrossEntropy() implements Loss {
        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return softmaxCrossEntropy(tape, output, target);
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }
    }

    @Schema(description = "Label-smoothed cross-entropy: the target is (1 − ε)·onehot + ε/K")
    @JsonTypeName("label-smoothing")
    record LabelSmoothing(
            @Schema(description = "Smoothing ε", example = "0.1", defaultValue = "0.1")
            @jakarta.validation.constraints.DecimalMin("0.0") @jakarta.validation.constraints.DecimalMax(value = "1.0", inclusive = false)
            Double smoothing) implements Loss {

        public LabelSmoothing {
            smoothing = smoothing != null ? smoothing : 0.1;
        }

        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return softmaxCrossEntropy(tape, output, target.mul(1 - smoothing).addi(smoothing / target.columns()));
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }
    }

    @Schema(description = "Generalized cross-entropy (Zhang & Sabuncu 2018): (1 − p_y^q)/q, robust to label noise")
    @JsonTypeName("generalized-cross-entropy")
    record GeneralizedCrossEntropy(
            @Schema(description = "q in (0, 1]: q → 0 is cross-entropy, q = 1 is MAE/2", example = "0.7", defaultValue = "0.7")
            @jakarta.validation.constraints.DecimalMin(value = "0.0", inclusive = false) @jakarta.validation.constraints.DecimalMax("1.0")
            Double q) implements Loss {

        public GeneralizedCrossEntropy {
            q = q != null ? q : 0.7;
        }

        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return softmaxTargetProbabilityLoss(tape, output, target, p -> (1 - Math.pow(p, q)) / q, p -> Math.pow(p, q));
        }

        @Override
        public boolean convex() {
            return false;
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }
    }

    @Schema(description = "Mean absolute error of the probabilities, for classification: ‖p − onehot‖₁ = 2(1 − p_y)")
    @JsonTypeName("mae")
    record MeanAbsoluteError() implements Loss {
        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return softmaxTargetProbabilityLoss(tape, output, target, p -> 2 * (1 - p), p -> 2 * p);
        }

        @Override
        public boolean convex() {
            return false;
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }
    }

    @Schema(description = "Mean squared error")
    @JsonTypeName("mse")
    record MeanSquaredError() implements Loss {
        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return meanSquaredError(tape, output, target);
        }

        @Override
        public Task task() {
            return Task.REGRESSION;
        }
    }

    @Schema(description = "Huber loss: ½d² where |d| ≤ δ, else δ(|d| − ½δ)")
    @JsonTypeName("huber")
    record Huber(
            @Schema(description = "Threshold δ", example = "1.0", defaultValue = "1.0")
            @jakarta.validation.constraints.Positive Double delta) implements Loss {

        public Huber {
            delta = delta != null ? delta : 1.0;
        }

        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return huber(tape, output, target, delta);
        }

        @Override
        public Task task() {
            return Task.REGRESSION;
        }
    }

    /**
     * Mean softmax cross-entropy of logits z [n, k] against target rows y that sum to 1 (one-hot, or smoothed): mean
     * over rows of logsumexp(z) − z·y, from z − max(z) so that large logits cannot overflow; d/dz = (softmax(z) − y)/n.
     * Computed on the heap in float64: a batch's logits are few, and the nine ND4J operations this took cost five
     * times as much (docs/performance.md).
     */
    private static Var softmaxCrossEntropy(Tape tape, Var logits, INDArray targets) {
        INDArray z0 = logits.value();
        int n = (int) z0.rows();
        int k = (int) z0.columns();
        double[] z = HeapCopy.rowMajor(z0);
        double[] y = HeapCopy.rowMajor(targets);
        double[] gradient = new double[z.length];
        double sum = 0;
        for (int row = 0; row < z.length; row += k) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = row; c < row + k; c++) {
                max = Math.max(max, z[c]);
            }
            double sumExp = 0;
            double targetLogit = 0;
            for (int c = row; c < row + k; c++) {
                gradient[c] = Math.exp(z[c] - max);
                sumExp += gradient[c];
                targetLogit += (z[c] - max) * y[c];
            }
            sum += Math.log(sumExp) - targetLogit;
            for (int c = row; c < row + k; c++) {
                gradient[c] = (gradient[c] / sumExp - y[c]) / n;
            }
        }
        INDArray value = HeapCopy.write(new double[]{sum / n}, tape.take(z0.dataType()));
        return tape.operation(value, g -> {
            double seed = g.getDouble(0);
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] *= seed;
            }
            return new INDArray[]{HeapCopy.write(gradient, tape.take(z0.dataType(), n, k))};
        }, logits);
    }

    /**
     * A loss of each row's softmax probability of its target class p_y: mean over rows of f(p_y). Its gradient in
     * the logits is w(p_y)·(softmax(z) − y)/n with w(p) = −f'(p)·p, supplied as {@code weight}.
     */
    private static Var softmaxTargetProbabilityLoss(Tape tape, Var logits, INDArray oneHot, DoubleUnaryOperator f,
                                                    DoubleUnaryOperator weight) {
        INDArray z = logits.value();
        long n = z.rows();
        INDArray shifted = z.subColumnVector(z.max(true, 1));
        INDArray probabilities = Transforms.exp(shifted, true);
        probabilities.diviColumnVector(probabilities.sum(true, 1));
        double[] targetProbability = probabilities.mul(oneHot).sum(1).toDoubleVector();
        double sum = 0;
        double[] weights = new double[targetProbability.length];
        for (int i = 0; i < targetProbability.length; i++) {
            sum += f.applyAsDouble(targetProbability[i]);
            weights[i] = weight.applyAsDouble(targetProbability[i]);
        }
        return tape.operation(Nd4j.scalar(z.dataType(), sum / n), g -> {
            INDArray w = Nd4j.create(weights, new long[]{n, 1}, DataType.DOUBLE).castTo(z.dataType());
            return new INDArray[]{probabilities.subi(oneHot).muliColumnVector(w).muli(g.getDouble(0) / n)};
        }, logits);
    }

    /** Mean Huber loss over all elements: ½d² where |d| ≤ δ, else δ(|d| − ½δ). */
    private static Var huber(Tape tape, Var prediction, INDArray target, double delta) {
        INDArray diff = prediction.value().sub(target);
        long count = diff.length();
        INDArray clipped = Transforms.min(Transforms.max(diff, -delta, true), delta, false);
        // with c = clip(d, −δ, δ): ½d² inside and δ(|d| − ½δ) outside both equal c·d − ½c²
        double loss = (clipped.mul(diff).sumNumber().doubleValue() - clipped.mul(clipped).sumNumber().doubleValue() / 2)
                / count;
        return tape.operation(Nd4j.scalar(prediction.value().dataType(), loss),
                g -> new INDArray[]{clipped.mul(g.getDouble(0) / count)}, prediction);
    }

    /** Mean squared error over all elements of prediction and target. */
    private static Var meanSquaredError(Tape tape, Var prediction, INDArray target) {
        INDArray diff = prediction.value().sub(target);
        long count = diff.length();
        double loss = diff.mul(diff).sumNumber().doubleValue() / count;
        return tape.operation(Nd4j.scalar(prediction.value().dataType(), loss),
                g -> new INDArray[]{diff.mul(2.0 * g.getDouble(0) / count)}, prediction);
    }
}
