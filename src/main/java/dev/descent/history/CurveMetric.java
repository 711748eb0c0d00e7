package dev.descent.history;

import dev.descent.diagnostics.Diagnostic;
import dev.descent.training.EpochMetrics;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The metrics a curve can show: per step, or per epoch. Those every job records are listed here; each diagnostic of
 * {@link Diagnostic} is one too, under its own id.
 */
public final class CurveMetric {

    public static final CurveMetric LOSS = new CurveMetric("loss", StepRecord::getLoss, null);
    public static final CurveMetric LEARNING_RATE = new CurveMetric("learning_rate", StepRecord::getLearningRate, null);
    public static final CurveMetric GRADIENT_NORM = new CurveMetric("gradient_norm", StepRecord::getGradientNorm, null);
    public static final CurveMetric GRADIENT_L1_NORM = new CurveMetric("gradient_l1_norm",
            StepRecord::getGradientL1Norm, null);
    public static final CurveMetric TRAIN_LOSS = new CurveMetric("train_loss", null, EpochMetrics::trainLoss);
    public static final CurveMetric TRAIN_ACCURACY = new CurveMetric("train_accuracy", null,
            EpochMetrics::trainAccuracy);
    public static final CurveMetric VALIDATION_LOSS = new CurveMetric("validation_loss", null,
            EpochMetrics::validationLoss);
    public static final CurveMetric VALIDATION_ACCURACY = new CurveMetric("validation_accuracy", null,
            EpochMetrics::validationAccuracy);
    public static final CurveMetric VALIDATION_RMSE = new CurveMetric("validation_rmse", null,
            EpochMetrics::validationRmse);
    public static final CurveMetric VALIDATION_R2 = new CurveMetric("validation_r2", null, EpochMetrics::validationR2);
    public static final CurveMetric EPOCH_GRADIENT_NORM = new CurveMetric("epoch_gradient_norm", null,
            EpochMetrics::gradientNorm);
    public static final CurveMetric SAMPLES_PER_SECOND = new CurveMetric("samples_per_second", null,
            EpochMetrics::samplesPerSecond);
    public static final CurveMetric EPSILON = new CurveMetric("epsilon", null, EpochMetrics::epsilon);

    /** Every metric: those above, then each diagnostic. */
    private static final List<CurveMetric> ALL = Stream.concat(Stream.of(LOSS, LEARNING_RATE, GRADIENT_NORM,
                    GRADIENT_L1_NORM, TRAIN_LOSS, TRAIN_ACCURACY, VALIDATION_LOSS, VALIDATION_ACCURACY, VALIDATION_RMSE,
                    VALIDATION_R2, EPOCH_GRADIENT_NORM, SAMPLES_PER_SECOND, EPSILON),
            Arrays.stream(Diagnostic.values()).map(CurveMetric::new)).toList();

    private final String id;
    final String column;
    final ToDoubleFunction<StepRecord> perStep;
    final Function<EpochMetrics, Double> perEpoch;
    /** Recorded in diagnostic_metrics (training.diagnostics), rather than with every step or epoch. */
    final Diagnostic diagnostic;

    private CurveMetric(Diagnostic diagnostic) {
        this.id = diagnostic.id();
        this.column = null;
        this.perStep = null;
        this.perEpoch = null;
        this.diagnostic = diagnostic;
    }

    private CurveMetric(String id, ToDoubleFunction<StepRecord> perStep, Function<EpochMetrics, Double> perEpoch) {
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

    public static Optional<CurveMetric> of(String id) {
        return ALL.stream().filter(m -> m.id.equals(id)).findFirst();
    }

    /** The curve of a diagnostic. */
    public static CurveMetric of(Diagnostic diagnostic) {
        return ALL.stream().filter(m -> m.diagnostic == diagnostic).findFirst().orElseThrow();
    }

    public static List<String> ids() {
        return ALL.stream().map(CurveMetric::id).toList();
    }

    @Override
    public String toString() {
        return id;
    }
}
