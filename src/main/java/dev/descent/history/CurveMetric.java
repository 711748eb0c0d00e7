package dev.descent.history;

import dev.descent.diagnostics.Diagnostic;
import dev.descent.training.EpochMetrics;

import java.util.Arrays;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The metrics a curve can show: per step, or per epoch. */
public enum CurveMetric {
    LOSS("loss", StepRecord::getLoss, null),
    LEARNING_RATE("learning_rate", StepRecord::getLearningRate, null),
    GRADIENT_NORM("gradient_norm", StepRecord::getGradientNorm, null),
    GRADIENT_L1_NORM("gradient_l1_norm", StepRecord::getGradientL1Norm, null),
    TRAIN_LOSS("train_loss", null, EpochMetrics::trainLoss),
    TRAIN_ACCURACY("train_accuracy", null, EpochMetrics::trainAccuracy),
    VALIDATION_LOSS("validation_loss", null, EpochMetrics::validationLoss),
    VALIDATION_ACCURACY("validation_accuracy", null, EpochMetrics::validationAccuracy),
    VALIDATION_RMSE("validation_rmse", null, EpochMetrics::validationRmse),
    VALIDATION_R2("validation_r2", null, EpochMetrics::validationR2),
    EPOCH_GRADIENT_NORM("epoch_gradient_norm", null, EpochMetrics::gradientNorm),
    SAMPLES_PER_SECOND("samples_per_second", null, EpochMetrics::samplesPerSecond),
    EPSILON("epsilon", null, EpochMetrics::epsilon),
    COHERENCE(Diagnostic.COHERENCE),
    SHARPNESS(Diagnostic.SHARPNESS),
    LAYER_GRADIENT_NORM(Diagnostic.LAYER_GRADIENT_NORM),
    LAYER_WEIGHT_NORM(Diagnostic.LAYER_WEIGHT_NORM),
    LAYER_UPDATE_RATIO(Diagnostic.LAYER_UPDATE_RATIO),
    CLIPPED_FRACTION(Diagnostic.CLIPPED_FRACTION),
    MEAN_EXAMPLE_GRADIENT_NORM(Diagnostic.MEAN_EXAMPLE_GRADIENT_NORM),
    SUBOPTIMALITY(Diagnostic.SUBOPTIMALITY),
    BATCH_SIZE(Diagnostic.BATCH_SIZE),
    BOOSTING_STEP(Diagnostic.BOOSTING_STEP);

    private final String id;
    final String column;
    final ToDoubleFunction<StepRecord> perStep;
    final Function<EpochMetrics, Double> perEpoch;
    /** Recorded in diagnostic_metrics (training.diagnostics), rather than with every step or epoch. */
    final Diagnostic diagnostic;

    CurveMetric(Diagnostic diagnostic) {
        this.id = diagnostic.id();
        this.column = null;
        this.perStep = null;
        this.perEpoch = null;
        this.diagnostic = diagnostic;
    }

    CurveMetric(String id, ToDoubleFunction<StepRecord> perStep, Function<EpochMetrics, Double> perEpoch) {
        this.id = id;
        this.diagnostic = null;
        // per-step metrics are read straight from their column (the id), not through entities: a million-step
        // curve must come back in well under a second
        this.column = perStep != null ? id : null;
        this.perStep = perStep;
        this.perEpoch = perEpoch;
    }

    public String id() {
        return id;
    }

    /** Whether its own axis is the step (per-step metrics and most diagnostics) rather than the epoch. */
    public boolean isPerStep() {
        return perStep != null || diagnostic != null && !diagnostic.perEpoch();
    }

    /** The diagnostic it shows, or null for a metric every job records. */
    public Diagnostic diagnostic() {
        return diagnostic;
    }

    /** Whether it has one series per layer (a curve of it names the layer). */
    public boolean perLayer() {
        return diagnostic != null && diagnostic.perLayer();
    }

    public static java.util.Optional<CurveMetric> of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    public static java.util.List<String> ids() {
        return Arrays.stream(values()).map(CurveMetric::id).toList();
    }
}
