package dev.descent.training;

import dev.descent.augmentation.AugmentationSpec;
import dev.descent.continual.ContinualSpec;
import dev.descent.diagnostics.DiagnosticsSpec;
import dev.descent.model.Shape;

import dev.descent.optim.GradientTransforms;
import dev.descent.optim.schedule.ConstantSchedule;
import dev.descent.optim.schedule.ScheduleSpec;
import dev.descent.privacy.PrivacySpec;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.SplittableRandom;

/** How long and in what batches to train. */
@Schema(description = "Training settings")
public record TrainingSettings(
        @Schema(description = "Passes over the training rows", example = "20") @NotNull @Min(1) @Max(100000) Integer epochs,
        @Schema(description = "Rows per step; the training row count (or more) means full-batch gradient descent",
                example = "32", defaultValue = "32") @Min(1) Integer batchSize,
        @Schema(description = "Row order: reshuffle (a new permutation every epoch), shuffle-once, with-replacement, sequential",
                example = "reshuffle", defaultValue = "reshuffle",
                allowableValues = {"reshuffle", "shuffle-once", "with-replacement", "sequential"}) Sampling sampling,
        @Schema(description = "Seed of initialisation, row order and dropout: the same spec and seed give the same curve",
                example = "42", defaultValue = "0") Long seed,
        @Schema(description = "Learning-rate schedule; constant when omitted") @Valid ScheduleSpec schedule,
        @Schema(description = "What the schedule counts: optimizer steps or epochs", example = "step",
                defaultValue = "step", allowableValues = {"step", "epoch"}) ScheduleUnit scheduleUnit,
        @Schema(description = "Gradient clipping and decoupled weight decay, in front of any optimizer")
        @Valid GradientTransforms gradientTransforms,
        @Schema(description = "Batch-size scaling rule: the learning rate is for this batch size and scales by B/B₀ "
                + "(SGD-type) or √(B/B₀) (Adam-type) to the actual one", example = "128") @Min(1) Integer referenceBatchSize,
        @Schema(description = "Stop when a metric stops improving; none when omitted") @Valid EarlyStopping earlyStopping,
        @Schema(description = "Save a checkpoint every this many epochs (0: only when the job is stopped); a job "
                + "resumed from a checkpoint continues exactly as if it had not stopped", example = "5",
                defaultValue = "0") @Min(0) Integer checkpointEvery,
        @Schema(description = "Differentially private training (DP-SGD) in front of the optimizer; none when omitted")
        @Valid PrivacySpec privacy,
        @Schema(description = "Diagnostics recorded as curves (coherence, sharpness, per-layer statistics, "
                + "clipping, suboptimality); none when omitted") @Valid DiagnosticsSpec diagnostics,
        @Schema(description = "Train on mixed batches (mixup, multi-mix); the batch as drawn when omitted")
        @Valid AugmentationSpec augmentation,
        @Schema(description = "Grow the batch when a step's gradient is too noisy for its size (recorded per step as "
                + "the curve batch_size); the configured batchSize throughout when omitted")
        @Valid AdaptiveBatchSpec adaptiveBatch,
        @Schema(description = "Continual learning: train on a sequence of tasks, each for epochs, and record the "
                + "accuracy on every task so far after each; one run on the dataset when omitted")
        @Valid ContinualSpec continual) {

    public TrainingSettings {
        batchSize = batchSize != null ? batchSize : 32;
        sampling = sampling != null ? sampling : Sampling.RESHUFFLE;
        seed = seed != null ? seed : 0L;
        schedule = schedule != null ? schedule : new ConstantSchedule();
        scheduleUnit = scheduleUnit != null ? scheduleUnit : ScheduleUnit.STEP;
        gradientTransforms = gradientTransforms != null ? gradientTransforms : GradientTransforms.NONE;
        checkpointEvery = checkpointEvery != null ? checkpointEvery : 0;
        diagnostics = diagnostics != null ? diagnostics : DiagnosticsSpec.NONE;
    }

    /** Settings without diagnostics. */
    public TrainingSettings(Integer epochs, Integer batchSize, Sampling sampling, Long seed, ScheduleSpec schedule,
                            ScheduleUnit scheduleUnit, GradientTransforms gradientTransforms,
                            Integer referenceBatchSize, EarlyStopping earlyStopping, Integer checkpointEvery,
                            PrivacySpec privacy) {
        this(epochs, batchSize, sampling, seed, schedule, scheduleUnit, gradientTransforms, referenceBatchSize,
                earlyStopping, checkpointEvery, privacy, null, null, null, null);
    }

    /** The same settings with these diagnostics. */
    public TrainingSettings withDiagnostics(DiagnosticsSpec diagnostics) {
        return new TrainingSettings(epochs, batchSize, sampling, seed, schedule, scheduleUnit, gradientTransforms,
                referenceBatchSize, earlyStopping, checkpointEvery, privacy, diagnostics, augmentation, adaptiveBatch, continual);
    }

    /**
     * The settings one part of a longer run trains with (a boosting stage): its own length and seed, and no early
     * stopping, checkpoints or diagnostics, which belong to the whole run.
     */
    public TrainingSettings part(int epochs, long seed) {
        return new TrainingSettings(epochs, batchSize, sampling, seed, schedule, scheduleUnit, gradientTransforms,
                referenceBatchSize, null, 0, privacy, null, augmentation, adaptiveBatch, null);
    }

    /** The same settings with another seed: one task of a continual run. */
    public TrainingSettings withSeed(long seed) {
        return new TrainingSettings(epochs, batchSize, sampling, seed, schedule, scheduleUnit, gradientTransforms,
                referenceBatchSize, earlyStopping, checkpointEvery, privacy, diagnostics, augmentation, adaptiveBatch,
                continual);
    }

    /** The epochs of the whole run: training.epochs for each task of a continual run, once otherwise. */
    public int totalEpochs() {
        return continual != null ? epochs * continual.tasks().size() : epochs;
    }

    /** A distinct, well-mixed seed for part {@code part} (from 1) of a run: a boosting stage, a continual task. */
    public static long partSeed(long seed, int part) {
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * part)).nextLong();
    }

    /** The same settings with batches that adapt. */
    public TrainingSettings withAdaptiveBatch(AdaptiveBatchSpec adaptiveBatch) {
        return new TrainingSettings(epochs, batchSize, sampling, seed, schedule, scheduleUnit, gradientTransforms,
                referenceBatchSize, earlyStopping, checkpointEvery, privacy, diagnostics, augmentation, adaptiveBatch, continual);
    }

    /** The same settings with this augmentation. */
    public TrainingSettings withAugmentation(AugmentationSpec augmentation) {
        return new TrainingSettings(epochs, batchSize, sampling, seed, schedule, scheduleUnit, gradientTransforms,
                referenceBatchSize, earlyStopping, checkpointEvery, privacy, diagnostics, augmentation, adaptiveBatch, continual);
    }

    /**
     * How the model sees a row of a dataset whose rows have this shape: as the principal components with a private PCA
     * (rows of features, whatever the dataset's shape), as they are otherwise.
     */
    public Shape modelInput(Shape dataset) {
        return privacy != null && privacy.pca() != null ? Shape.features(privacy.pca().components()) : dataset;
    }

    /** Settings with every default but these. */
    public TrainingSettings(Integer epochs, Integer batchSize, Long seed) {
        this(epochs, batchSize, null, seed, null, null, null, null, null, null, null, null, null, null, null);
    }
}
