package dev.descent.model;

import dev.descent.dataset.Task;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The training objective, chosen by the task. */
public enum Loss {
    /** Softmax cross-entropy on the logits against one-hot targets. */
    CROSS_ENTROPY {
        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return tape.softmaxCrossEntropy(output, target);
        }
    },
    MEAN_SQUARED_ERROR {
        @Override
        public Var apply(Tape tape, Var output, INDArray target) {
            return tape.meanSquaredError(output, target);
        }
    };

    public abstract Var apply(Tape tape, Var output, INDArray target);

    public static Loss forTask(Task task) {
        return task == Task.CLASSIFICATION ? CROSS_ENTROPY : MEAN_SQUARED_ERROR;
    }
}
