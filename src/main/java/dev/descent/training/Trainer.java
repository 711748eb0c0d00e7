package dev.descent.training;

import dev.descent.augmentation.Mixup;
import dev.descent.dataset.InputProjection;
import dev.descent.dataset.PreparedData;
import dev.descent.dataset.Task;
import dev.descent.diagnostics.Diagnostic;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.diagnostics.RunDiagnostics;
import dev.descent.math.Blas;
import dev.descent.math.ScratchArrays;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.optim.GradientTransforms;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerContext;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.ScheduleContext;
import dev.descent.privacy.PrivacyPlan;
import dev.descent.privacy.PrivateGradient;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * The training loop: epochs × batches of forward, backward and optimizer step, with metrics per step and per epoch.
 * Randomness (row order, dropout) comes from streams seeded per epoch, so a run is reproducible bit for bit.
 * Every step runs in a memory workspace: its temporaries are carved from one arena that is reused each step, where
 * a fresh off-heap allocation per operation halves throughput (measured with the benchmark). The batch and the
 * first gradient evaluation's values come from arrays kept across steps ({@link ScratchArrays}).
 */
public final class Trainer {

    private final ScheduleContext.PastRuns pastRuns;

    /** A trainer whose schedules cannot refer to past runs. */
    public Trainer() {
        this(ScheduleContext.PastRuns.NONE);
    }

    /** @param pastRuns where a refined schedule finds the recorded gradient norms of the run it refines */
    public Trainer(ScheduleContext.PastRuns pastRuns) {
        this.pastRuns = pastRuns;
    }

    private static final WorkspaceConfiguration STEP_WORKSPACE = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();
    private static final String STEP_WORKSPACE_ID = "descent-training-step";

    /**
     * @throws TrainingDivergedException when the loss or gradient becomes NaN or infinite; metrics of earlier
     *                                   steps have been reported by then
     */
    public TrainingOutcome train(Model network, OptimizerSpec optimizerSpec, PreparedData data,
                                 TrainingSettings settings, TrainingListener listener) {
        return train(network, Loss.forTask(data.task()), optimizerSpec, data, settings, listener);
    }

    /**
     * @throws TrainingDivergedException when the loss or gradient becomes NaN or infinite; metrics of earlier
     *                                   steps have been reported by then
     */
    public TrainingOutcome train(Model network, Loss loss, OptimizerSpec optimizerSpec, PreparedData data,
                                 TrainingSettings settings, TrainingListener listener) {
        return train(network, loss, optimizerSpec, data, settings, listener, null, CheckpointSink.NONE);
    }

    /**
     * Trains, or with {@code resume} continues a run from its checkpoint, exactly as it would have gone on.
     *
     * @throws TrainingDivergedException when the loss or gradient becomes NaN or infinite; metrics of earlier
     *                                   steps have been reported by then
     */
    public TrainingOutcome train(Model network, Loss loss, OptimizerSpec optimizerSpec, PreparedData data,
                                 TrainingSettings settings, TrainingListener listener, TrainingState resume,
                                 CheckpointSink checkpoints) {
        return train(network, loss, optimizerSpec, data, settings, listener, resume, checkpoints, GradientFilter.NONE);
    }

    /**
     * {@link #train(Model, Loss, OptimizerSpec, PreparedData, TrainingSettings, TrainingListener, TrainingState,
     * CheckpointSink)} with every step's gradient passed through {@code filter} first.
     */
    public TrainingOutcome train(Model network, Loss loss, OptimizerSpec optimizerSpec, PreparedData data,
                                 TrainingSettings settings, TrainingListener listener, TrainingState resume,
                                 CheckpointSink checkpoints, GradientFilter filter) {
        GradientSource gradients;
        if (settings.privacy() != null) {
            gradients = new PrivateGradients(PrivacyPlan.of(settings.privacy(), data, settings.batchSize(),
                    settings.epochs(), settings.seed()));
        } else if (settings.adaptiveBatch() != null) {
            gradients = new AdaptiveBatchGradients(data, settings.adaptiveBatch(),
                    resume != null && resume.batchSize() != null ? resume.batchSize()
                            : Math.min(settings.batchSize(), data.trainRows()));
        } else {
            gradients = new BatchGradients(data);
        }
        try (ScratchArrays arrays = ScratchArrays.reused()) {
            return train(network, loss, optimizerSpec, gradients, settings, listener, resume, checkpoints, filter,
                    arrays);
        }
    }

    private TrainingOutcome train(Model network, Loss loss, OptimizerSpec optimizerSpec, GradientSource gradients,
                                  TrainingSettings settings, TrainingListener listener, TrainingState resume,
                                  CheckpointSink checkpoints, GradientFilter filter, ScratchArrays arrays) {
        PreparedData data = gradients.data();
        int rows = data.trainRows();
        int batchSize = Math.min(settings.batchSize(), rows);
        int epochs = settings.epochs();
        long stepsPerEpoch = (rows + batchSize - 1) / batchSize;
        boolean perStep = settings.scheduleUnit() == ScheduleUnit.STEP;
        InputProjection projection = gradients.inputProjection();
        Schedule schedule;
        try {
            double baseRate = optimizerSpec.learningRate()
                    * batchSizeScale(settings.referenceBatchSize(), batchSize, optimizerSpec.adamType());
            schedule = settings.schedule().create(baseRate, perStep ? epochs * stepsPerEpoch : epochs,
                    new ScheduleContext(optimizerSpec.adamType(), pastRuns, listener::stopRequested));
        } catch (CancellationException e) {
            // stopped while preparing (a refined schedule over a long run): no step was taken, nothing to checkpoint
            return new TrainingOutcome(resume != null ? resume.epoch() - 1 : 0, resume != null ? resume.step() : 0,
                    true, null, null, projection);
        }
        Optimizer optimizer = optimizerSpec.create(new OptimizerContext(rows, batchSize, settings.seed()));
        String stopReason = null;
        long step = 0;
        EpochMetrics last = null;
        List<INDArray> parameters = network.parameters();
        if (network.inputShape().size() != data.features()) {
            throw new IllegalArgumentException("the model takes " + network.inputShape() + " inputs, the rows have "
                    + data.features() + " values (TrainingSettings.modelInput says how it sees them)");
        }
        EarlyStoppingWatch watch = new EarlyStoppingWatch(settings.earlyStopping());
        int firstEpoch = 1;
        if (resume != null) {
            network.copyFrom(resume.weights());
            optimizer.restore(resume.optimizer(), parameters);
            watch.restore(resume.earlyStopping());
            firstEpoch = resume.epoch();
            step = resume.step();
        }
        Double weightDecay = settings.gradientTransforms().weightDecay();
        RunDiagnostics diagnostics = RunDiagnostics.of(settings.diagnostics(), network, loss, data.trainX(),
                data.trainY(), weightDecay != null ? weightDecay : 0, settings.seed());
        for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
            String budget = gradients.stopBefore(step);
            if (budget != null) {
                return new TrainingOutcome(epoch - 1, step, false, last, budget, projection);
            }
            long started = System.nanoTime();
            SplittableRandom rng = new SplittableRandom(epochSeed(settings.seed(), epoch));
            // one full batch covers every row whatever the order, except when drawing with replacement
            boolean fullBatch = batchSize == rows && settings.sampling() != Sampling.WITH_REPLACEMENT;
            int[] order = fullBatch ? null : settings.sampling().order(rows, rng, settings.seed());
            EpochTotals totals = EpochTotals.startingAt(resume != null && epoch == resume.epoch() ? resume : null,
                    batchSize);
            for (long skipped = 0; skipped < totals.steps(); skipped++) {
                rng.nextLong(); // the seeds of the steps done before the checkpoint
            }
            while (totals.position() < rows) {
                int start = totals.position();
                int stride = gradients.batchSize(batchSize);
                if (listener.stopRequested()) {
                    checkpoints.save(totals.checkpoint(epoch, step, network.values(), optimizer.snapshot(),
                            watch.memory(), stride));
                    return new TrainingOutcome(epoch - 1, step, true, last, null, projection);
                }
                stopReason = gradients.stopBefore(step);
                if (stopReason != null) {
                    break;
                }
                step++;
                long stepSeed = rng.nextLong();
                StepMetrics metrics;
                List<DiagnosticPoint> measured;
                int batchRows;
                double correct = 0;
                arrays.rewind();
                try (MemoryWorkspace ignored = stepWorkspace()) {
                    INDArray x;
                    INDArray y;
                    int[] sampled = gradients.sample(stepSeed);
                    if (sampled != null) {
                        // drawn batches vary in size: kept arrays would rarely fit
                        x = BatchGather.rows(data.trainX(), sampled, 0, sampled.length, ScratchArrays.fresh());
                        y = BatchGather.rows(data.trainY(), sampled, 0, sampled.length, ScratchArrays.fresh());
                    } else {
                        int end = Math.min(rows, start + stride);
                        x = batch(data.trainX(), order, start, end, rows, arrays);
                        y = batch(data.trainY(), order, start, end, rows, arrays);
                    }
                    batchRows = (int) x.rows();
                    Mixup.Batch mixed = settings.augmentation() == null ? null : Mixup.mix(settings.augmentation(),
                            x, y, stepSeed, loss instanceof Loss.MeanSquaredError, arrays);
                    if (mixed != null) {
                        x = mixed.x();
                        y = mixed.y();
                    }
                    BatchOracle oracle = new BatchOracle(network, loss, x, y, stepSeed, data.trainX(),
                            data.trainY(), STEP_WORKSPACE);
                    PrivateGradient.Step sourced = gradients.gradient(oracle, network, loss, x, y, stepSeed, arrays);
                    Model.Gradient gradient = sourced.gradient();
                    filter.apply(gradient.gradients());
                    double learningRate = schedule.rate(perStep ? step - 1 : epoch - 1);
                    double gradientNorm = GradientTransforms.globalNorm(gradient.gradients());
                    if (!Double.isFinite(gradient.loss()) || !Double.isFinite(gradientNorm)) {
                        throw new TrainingDivergedException(epoch, step, gradient.loss(), gradientNorm);
                    }
                    diagnostics.beforeUpdate(step, parameters, gradient.gradients());
                    settings.gradientTransforms().apply(parameters, gradient.gradients(), gradientNorm, learningRate);
                    optimizer.step(parameters, gradient.gradients(), learningRate, oracle);
                    measured = diagnostics.afterUpdate(step, epoch, parameters, sourced.clipping());
                    metrics = new StepMetrics(step, epoch, gradient.loss() + (mixed != null ? mixed.lossOffset() : 0),
                            learningRate, gradientNorm, l1Norm(gradient.gradients()));
                    if (data.task() == Task.CLASSIFICATION && batchRows > 0) {
                        // on mixed rows, the share whose prediction is the label of larger weight
                        correct = Evaluation.correctPredictions(gradient.output(), y) * batchRows / y.rows();
                    }
                }
                listener.onStep(metrics);
                if (settings.adaptiveBatch() != null) {
                    measured = new ArrayList<>(measured);
                    measured.add(new DiagnosticPoint(Diagnostic.BATCH_SIZE, 0, step, epoch, batchRows));
                }
                report(listener, measured, diagnostics.afterStep(step, epoch));
                totals.add(metrics, stride, batchRows, correct);
            }
            Evaluation validation = null;
            if (data.hasValidation()) {
                try (MemoryWorkspace ignored = stepWorkspace()) {
                    validation = Evaluation.of(network, loss, data.task(), data.valX(), data.valY(), data.targetScale());
                }
            }
            // diagnostics measured at the epoch's end count in its time
            List<DiagnosticPoint> atEnd = diagnostics.afterEpoch(epoch, step);
            long millis = (System.nanoTime() - started) / 1_000_000;
            last = new EpochMetrics(epoch, step, totals.meanLoss(),
                    data.task() == Task.CLASSIFICATION ? totals.accuracy() : null,
                    validation != null ? validation.loss() : null,
                    validation != null ? validation.accuracy() : null,
                    validation != null ? validation.rmse() : null,
                    validation != null ? validation.r2() : null,
                    totals.lastRate(), totals.meanGradientNorm(), millis, totals.seen() * 1000.0 / Math.max(1, millis),
                    gradients.epsilon(step));
            report(listener, atEnd, List.of());
            listener.onEpoch(last);
            String stop = stopReason != null ? stopReason : watch.afterEpoch(last, network);
            if (stop != null) {
                return new TrainingOutcome(epoch, step, false, last, stop, projection);
            }
            if (settings.checkpointEvery() > 0 && epoch % settings.checkpointEvery() == 0 && epoch < epochs) {
                checkpoints.save(EpochTotals.startingAt(null, batchSize).checkpoint(epoch + 1, step,
                        network.values(), optimizer.snapshot(), watch.memory(), gradients.batchSize(batchSize)));
            }
        }
        return new TrainingOutcome(epochs, step, false, last, null, projection);
    }

    private static void report(TrainingListener listener, List<DiagnosticPoint> first, List<DiagnosticPoint> then) {
        if (first.isEmpty() && then.isEmpty()) {
            return;
        }
        List<DiagnosticPoint> points = new ArrayList<>(first);
        points.addAll(then);
        listener.onDiagnostics(points);
    }

    /**
     * The batch-size scaling rule: with a reference batch size B₀, γ scales by B/B₀ for SGD-type optimizers and by
     * √(B/B₀) for Adam-type ones.
     */
    public static double batchSizeScale(Integer referenceBatchSize, int batchSize, boolean adamType) {
        if (referenceBatchSize == null) {
            return 1;
        }
        double ratio = (double) batchSize / referenceBatchSize;
        return adamType ? Math.sqrt(ratio) : ratio;
    }

    private static double l1Norm(List<INDArray> gradients) {
        double sum = 0;
        for (INDArray g : gradients) {
            sum += Blas.l1Norm(g);
        }
        return sum;
    }

    private static MemoryWorkspace stepWorkspace() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP_WORKSPACE, STEP_WORKSPACE_ID);
    }

    /** Rows [start, end) of the epoch's order; the whole array when one batch covers every row. */
    private static INDArray batch(INDArray all, int[] order, int start, int end, int rows, ScratchArrays arrays) {
        if (order == null) {
            if (start == 0 && end == rows) {
                return all;
            }
            return all.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
        }
        return BatchGather.rows(all, order, start, end, arrays);
    }

    /** A distinct, well-mixed stream per epoch, so a run could restart at any epoch boundary. */
    static long epochSeed(long seed, int epoch) {
        return new SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * epoch);
    }
}
