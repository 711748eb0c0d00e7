package dev.descent.continual;

import dev.descent.dataset.PreparedData;
import dev.descent.diagnostics.Diagnostic;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.optim.OptimizerSpec;
import dev.descent.training.CheckpointSink;
import dev.descent.training.Evaluation;
import dev.descent.training.GradientFilter;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingOutcome;
import dev.descent.training.TrainingSettings;
import dev.descent.training.TrainingState;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Continual learning (docs/methods.md): the tasks of training.continual one after another, each a run of the
 * {@link Trainer} of training.epochs from the weights the last one left (its optimizer state and schedule start
 * again, its seed is the task's own). After each task, the held-out accuracy on every task so far is reported as the
 * diagnostic task_accuracy; with orthogonal gradient descent (Farajtabar et al. 2020) the task then leaves
 * memoryPerTask directions ∇θ f_y(x), the gradient of the label's logit at examples drawn from its training rows
 * (the paper's OGD-GTL), and every later gradient has their span removed. A checkpoint is saved after every task but
 * the last, and within a task as the trainer saves them, with the task's progress beside it.
 */
public final class ContinualLearner {

    private final Trainer trainer;

    public ContinualLearner(Trainer trainer) {
        this.trainer = trainer;
    }

    /** Trains {@code network} on the tasks, or with {@code resume} continues where a checkpoint of the run stood. */
    public TrainingOutcome train(Model network, Loss loss, OptimizerSpec optimizer, PreparedData data,
                                 TrainingSettings settings, TrainingListener listener, TrainingState resume,
                                 CheckpointSink checkpoints) {
        ContinualSpec spec = settings.continual();
        ContinualProgress progress = resume != null ? resume.continual() : ContinualProgress.START;
        OrthogonalBasis basis = spec.method() == ContinualMethod.OGD
                ? new OrthogonalBasis(network.dataType(), network.parameterCount()) : null;
        TrainingState within = null;
        if (resume != null) {
            for (int t = 0; t < progress.taskEnds().size(); t++) {
                // the directions a task left follow from the weights it ended with
                network.copyFrom(progress.taskEnds().get(t));
                basis.add(directions(network, spec, spec.tasks().get(t).view(data), settings.seed(), t + 1));
            }
            network.copyFrom(resume.weights());
            // a checkpoint between tasks has no optimizer state: the next task starts afresh
            within = resume.optimizer() != null
                    ? resume.shifted(-progress.epochsDone(), -progress.stepsDone(), null) : null;
        }
        TrainingOutcome outcome = null;
        for (int t = progress.tasksDone(); t < spec.tasks().size(); t++) {
            ContinualProgress before = progress;
            PreparedData task = spec.tasks().get(t).view(data);
            TrainingOutcome part = trainer.train(network, loss, optimizer, task,
                    settings.withSeed(TrainingSettings.partSeed(settings.seed(), t + 1)),
                    listener.shifted(before.epochsDone(), before.stepsDone()), within,
                    state -> checkpoints.save(state.shifted(before.epochsDone(), before.stepsDone(), before)),
                    basis != null ? basis : GradientFilter.NONE);
            within = null;
            outcome = new TrainingOutcome(before.epochsDone() + part.epochsCompleted(),
                    before.stepsDone() + part.steps(), part.cancelled(),
                    part.lastEpoch() != null ? part.lastEpoch().shifted(before.epochsDone(), before.stepsDone()) : null,
                    part.earlyStop(), null);
            if (part.cancelled()) {
                return outcome;
            }
            listener.onDiagnostics(accuracies(network, loss, spec, data, t, outcome));
            boolean last = t == spec.tasks().size() - 1;
            progress = before.after(part.epochsCompleted(), part.steps(),
                    basis != null && !last ? network.values() : null);
            if (basis != null && !last) {
                basis.add(directions(network, spec, task, settings.seed(), t + 1));
            }
            if (!last) {
                checkpoints.save(new TrainingState(progress.epochsDone() + 1, 0, progress.stepsDone(), 0, 0, 0, 0,
                        part.lastEpoch() != null ? part.lastEpoch().learningRate() : 0, network.values(), null, null,
                        null, null, null, progress));
            }
        }
        // no early stop of one task ends the run: the run's end is its last task's
        return new TrainingOutcome(outcome.epochsCompleted(), outcome.steps(), false, outcome.lastEpoch(), null, null);
    }

    /** The held-out accuracy on tasks 1 … t + 1 after task t + 1, at the run's step and epoch then. */
    private static List<DiagnosticPoint> accuracies(Model network, Loss loss, ContinualSpec spec, PreparedData data,
                                                    int t, TrainingOutcome outcome) {
        List<DiagnosticPoint> points = new ArrayList<>();
        for (int j = 0; j <= t; j++) {
            TaskSpec.Rows rows = spec.tasks().get(j).heldOut(data);
            double accuracy = Evaluation.of(network, loss, data.task(), rows.x(), rows.y(), 1).accuracy();
            points.add(new DiagnosticPoint(Diagnostic.TASK_ACCURACY, j + 1, outcome.steps(),
                    outcome.epochsCompleted(), accuracy));
        }
        return points;
    }

    /**
     * OGD-GTL's directions of a finished task: ∇θ f_y(x) for memoryPerTask of its training rows (all of them when it
     * has fewer), drawn from the run's seed and the task's number; rows × parameters.
     */
    static INDArray directions(Model network, ContinualSpec spec, PreparedData task, long seed, int number) {
        int[] rows = SeededRows.sample(task.trainRows(), spec.memoryPerTask(), TrainingSettings.partSeed(seed, -number));
        List<INDArray> gradients = new ArrayList<>();
        for (int row : rows) {
            INDArray x = task.trainX().getRow(row).reshape(1, task.features());
            INDArray label = task.trainY().getRow(row).reshape(1, task.outputs());
            gradients.add(OrthogonalBasis.flattened(network.outputGradient(x, label)));
        }
        return Nd4j.vstack(gradients);
    }
}
