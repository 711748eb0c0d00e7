package dev.descent.boosting;

import dev.descent.dataset.PreparedData;
import dev.descent.dataset.Task;
import dev.descent.diagnostics.Diagnostic;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.model.BoostedStages;
import dev.descent.model.BoostingSpec;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.ModelSpec;
import dev.descent.model.autodiff.HeapCopy;
import dev.descent.optim.OptimizerSpec;
import dev.descent.training.CheckpointSink;
import dev.descent.training.EpochMetrics;
import dev.descent.training.Evaluation;
import dev.descent.training.StepMetrics;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingListener;
import dev.descent.training.TrainingOutcome;
import dev.descent.training.TrainingSettings;
import dev.descent.training.TrainingState;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gradient-boosted training of a one-hidden-layer network (Emami and Martínez-Muñoz, "Sequential Training of Neural
 * Networks with Gradient Boosting", IEEE Access 2023; docs/methods.md). The output bias starts at F₀, the constant
 * that minimises the loss. Stage t computes the pseudo-residuals r = y − F(x) (squared error) or r = y − softmax(F(x))
 * (cross-entropy), trains J new hidden units and a linear output on them by squared error with the job's optimizer,
 * takes the Newton step ρ_k of the loss along each output k of the stage, and adds it: F ← F + νρ ⊙ h. The stages'
 * units are one hidden layer of the network, written into it as they finish; units of stages still to come have zero
 * output weights, so the network always computes the stages so far.
 */
public final class Booster {

    /** The trained network's stages, and how the run ended. */
    public record Boosted(TrainingOutcome outcome, BoostedStages stages) {
    }

    private final Trainer trainer;

    public Booster(Trainer trainer) {
        this.trainer = trainer;
    }

    /**
     * Trains {@code network} (built from {@code spec}: hidden layer, output layer) stage by stage, or with
     * {@code resume} continues after the stages a checkpoint holds. A checkpoint is saved after every stage but the
     * last; a run stopped within a stage continues from the stage's start, which trains again exactly as it did.
     */
    public Boosted train(ModelSpec spec, Model network, OptimizerSpec optimizer, PreparedData data,
                         TrainingSettings settings, TrainingListener listener, TrainingState resume,
                         CheckpointSink checkpoints) {
        BoostingSpec boosting = spec.boosting();
        BoostedStages stages;
        long step;
        if (resume != null) {
            network.copyFrom(resume.weights());
            stages = resume.stages();
            step = resume.step();
        } else {
            outputWeights(network).assign(0);
            outputBias(network).assign(Nd4j.create(initialBias(data), new long[]{1, data.outputs()}, DataType.DOUBLE)
                    .castTo(network.dataType()));
            stages = new BoostedStages(boosting.unitsPerStage(), List.of());
            step = 0;
        }
        EpochMetrics last = null;
        for (int t = stages.count() + 1; t <= boosting.stages(); t++) {
            long seed = TrainingSettings.partSeed(settings.seed(), t);
            Stage stage = new Stage(spec, network, data, t, seed, listener, step);
            TrainingOutcome fitted = trainer.train(stage.units, Loss.forTask(Task.REGRESSION), optimizer,
                    stage.residualData(), settings.part(boosting.epochsPerStage(), seed),
                    stage, null, CheckpointSink.NONE);
            step += fitted.steps();
            last = stage.last != null ? stage.last : last;
            if (fitted.cancelled()) {
                return new Boosted(new TrainingOutcome(stage.epochOffset + fitted.epochsCompleted(), step, true, last,
                        null, null), stages);
            }
            // the stage's last epoch left its units in the network with their Newton step
            stages = stages.then(HeapCopy.rowMajor(outputBias(network)));
            listener.onDiagnostics(List.of(new DiagnosticPoint(Diagnostic.BOOSTING_STEP, 0, step,
                    stage.epochOffset + boosting.epochsPerStage(), stage.step)));
            if (t < boosting.stages()) {
                checkpoints.save(new TrainingState(t * boosting.epochsPerStage() + 1, 0, step, 0, 0, 0, 0,
                        last.learningRate(), network.values(), null, null, null, null, stages, null));
            }
        }
        return new Boosted(new TrainingOutcome(boosting.epochs(), step, false, last, null, null), stages);
    }

    /**
     * F₀: the mean target (squared error), or the log of each class's share of the training rows (cross-entropy;
     * a class without rows gets half a row's share, so its logit stays finite).
     */
    static double[] initialBias(PreparedData data) {
        double[] sums = data.trainY().castTo(DataType.DOUBLE).sum(0).toDoubleVector();
        int rows = data.trainRows();
        double[] bias = new double[sums.length];
        for (int k = 0; k < sums.length; k++) {
            bias[k] = data.task() == Task.REGRESSION ? sums[k] / rows : Math.log(Math.max(sums[k], 0.5) / rows);
        }
        return bias;
    }

    /**
     * The Newton step of the loss along each output k of the stage, from the outputs so far (the authors' diagonal
     * step): ρ_k = Σ r_k·h_k / Σ c_k·h_k² with c = 1 for squared error (so ρ_k is the exact line search) and
     * c = p_k(1 − p_k) for cross-entropy, p = y − r the probabilities so far; 0 where the stage's output k is zero.
     *
     * @param residuals the pseudo-residuals, row-major rows × outputs
     * @param targets   the targets (one-hot for classification), row-major
     * @param h         the stage's outputs, row-major
     */
    static double[] newtonSteps(Task task, double[] residuals, double[] targets, double[] h, int outputs) {
        double[] gradient = new double[outputs];
        double[] curvature = new double[outputs];
        for (int i = 0; i < h.length; i++) {
            int k = i % outputs;
            double p = targets[i] - residuals[i];
            gradient[k] += residuals[i] * h[i];
            curvature[k] += (task == Task.REGRESSION ? 1 : p * (1 - p)) * h[i] * h[i];
        }
        double[] steps = new double[outputs];
        for (int k = 0; k < outputs; k++) {
            steps[k] = curvature[k] > 0 ? gradient[k] / curvature[k] : 0;
        }
        return steps;
    }

    private static INDArray hiddenWeights(Model network) {
        return network.parameters().get(0);
    }

    private static INDArray hiddenBias(Model network) {
        return network.parameters().get(1);
    }

    private static INDArray outputWeights(Model network) {
        return network.parameters().get(2);
    }

    private static INDArray outputBias(Model network) {
        return network.parameters().get(3);
    }

    /** The outputs of a model for all of x, in chunks of rows. */
    private static INDArray outputs(Model model, INDArray x) {
        List<INDArray> chunks = new ArrayList<>();
        for (long start = 0; start < x.rows(); start += model.chunkRows()) {
            long end = Math.min(x.rows(), start + model.chunkRows());
            chunks.add(model.predict(x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())).dup());
        }
        return chunks.size() == 1 ? chunks.get(0) : Nd4j.vstack(chunks);
    }

    /**
     * One stage: its units, the residuals they fit, and the listener that renumbers its steps and epochs into the
     * run's and reports, at each of its epochs' ends, the network with the stage's units as they are then.
     */
    private static final class Stage implements TrainingListener {

        private final BoostingSpec boosting;
        private final Model network;
        private final PreparedData data;
        private final TrainingListener listener;
        private final Model units;
        private final INDArray residuals;
        private final double[] residualValues;
        private final double[] targetValues;
        private final double[] baseBias;
        private final int epochOffset;
        private final long stepOffset;
        private final Loss loss;
        private EpochMetrics last;
        /** The mean over the outputs of νρ_k, for the units as they were at the last epoch's end. */
        private double step;

        Stage(ModelSpec spec, Model network, PreparedData data, int t, long seed, TrainingListener listener,
              long stepOffset) {
            this.boosting = spec.boosting();
            this.network = network;
            this.data = data;
            this.listener = listener;
            this.stepOffset = stepOffset;
            this.epochOffset = (t - 1) * boosting.epochsPerStage();
            this.loss = Loss.forTask(data.task());
            INDArray outputs = outputs(network, data.trainX());
            INDArray fitted = data.task() == Task.REGRESSION ? outputs : Transforms.softmax(outputs, false);
            this.residuals = data.trainY().castTo(fitted.dataType()).sub(fitted);
            this.residualValues = HeapCopy.rowMajor(residuals);
            this.targetValues = HeapCopy.rowMajor(data.trainY());
            this.baseBias = HeapCopy.rowMajor(outputBias(network));
            ModelSpec unitSpec = new ModelSpec(List.of(boosting.stageLayer()), spec.init(), spec.dtype());
            this.units = Model.create(unitSpec, network.inputShape(), data.outputs(), seed);
        }

        /** The training rows with the residuals as regression targets. */
        PreparedData residualData() {
            return new PreparedData(Task.REGRESSION, null, data.trainX(), residuals, null, null,
                    data.standardization());
        }

        @Override
        public void onStep(StepMetrics metrics) {
            listener.onStep(metrics.shifted(epochOffset, stepOffset));
        }

        @Override
        public void onDiagnostics(List<DiagnosticPoint> points) {
            listener.onDiagnostics(points.stream().map(p -> p.shifted(epochOffset, stepOffset)).toList());
        }

        @Override
        public boolean stopRequested() {
            return listener.stopRequested();
        }

        /** The network with the units as they are, its training-set loss and accuracy, and the validation's. */
        @Override
        public void onEpoch(EpochMetrics metrics) {
            place();
            Evaluation train = Evaluation.of(network, loss, data.task(), data.trainX(), data.trainY(),
                    data.targetScale());
            Evaluation validation = data.hasValidation() ? Evaluation.of(network, loss, data.task(), data.valX(),
                    data.valY(), data.targetScale()) : null;
            last = new EpochMetrics(epochOffset + metrics.epoch(), stepOffset + metrics.steps(), train.loss(),
                    train.accuracy(), validation != null ? validation.loss() : null,
                    validation != null ? validation.accuracy() : null, validation != null ? validation.rmse() : null,
                    validation != null ? validation.r2() : null, metrics.learningRate(), metrics.gradientNorm(),
                    metrics.durationMillis(), metrics.samplesPerSecond(), null);
            listener.onEpoch(last);
        }

        /** Writes the units into the stage's slot of the network, scaled by νρ, and their bias into the output's. */
        private void place() {
            List<INDArray> own = units.parameters();
            double[] h = HeapCopy.rowMajor(outputs(units, data.trainX()));
            double[] steps = newtonSteps(data.task(), residualValues, targetValues, h, data.outputs());
            for (int k = 0; k < steps.length; k++) {
                steps[k] *= boosting.shrinkage();
            }
            step = Arrays.stream(steps).average().orElse(0);
            INDArray scale = Nd4j.create(steps, new long[]{1, steps.length}, DataType.DOUBLE);
            int from = epochOffset / boosting.epochsPerStage() * boosting.unitsPerStage();
            var slot = NDArrayIndex.interval(from, from + boosting.unitsPerStage());
            hiddenWeights(network).get(NDArrayIndex.all(), slot).assign(own.get(0));
            hiddenBias(network).get(NDArrayIndex.all(), slot).assign(own.get(1));
            outputWeights(network).get(slot, NDArrayIndex.all()).assign(own.get(2).castTo(DataType.DOUBLE)
                    .mulRowVector(scale).castTo(network.dataType()));
            INDArray bias = Nd4j.create(baseBias, new long[]{1, baseBias.length}, DataType.DOUBLE)
                    .addi(own.get(3).castTo(DataType.DOUBLE).mul(scale));
            outputBias(network).assign(bias.castTo(network.dataType()));
        }
    }
}
