package dev.descent.history;

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
    EPSILON("epsilon", null, EpochMetrics::epsilon);

    private final String id;
    final String column;
    final ToDoubleFunction<StepRecord> perStep;
    final Function<EpochMetrics, Double> perEpoch;

    CurveMetric(String id, ToDoubleFunction<StepRecord> perStep, Function<EpochMetrics, Double> perEpoch) {
        this.id = id;
        // per-step metrics are read straight from their column (the id), not through entities: a million-step
        // curve must come back in well under a second
        this.column = perStep != null ? id : null;
        this.perStep = perStep;
        this.perEpoch = perEpoch;
    }

    public String id() {
        return id;
    }

    public boolean isPerStep() {
        return perStep != null;
    }

    public static java.util.Optional<CurveMetric> of(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    public static java.util.List<String> ids() {
        return Arrays.stream(values()).map(CurveMetric::id).toList();
    }
}
