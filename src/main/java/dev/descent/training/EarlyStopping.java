package dev.descent.training;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

import java.util.List;

/** Stop when an epoch metric has not improved by more than minDelta for patience epochs. */
@Schema(description = "Early stopping on an epoch metric; losses and RMSE must fall, accuracy and R² rise")
public record EarlyStopping(
        @Schema(description = "The metric watched", example = "validation_loss",
                allowableValues = {"validation_loss", "validation_accuracy", "validation_rmse", "validation_r2",
                        "train_loss", "train_accuracy"}) @NotNull String metric,
        @Schema(description = "Epochs without improvement before stopping", example = "5", defaultValue = "5")
        @Min(1) @Max(100000) Integer patience,
        @Schema(description = "The least change that counts as an improvement", example = "0.0001", defaultValue = "0")
        @PositiveOrZero Double minDelta,
        @Schema(description = "Restore the weights of the best epoch when stopping", example = "true",
                defaultValue = "true") Boolean restoreBest) {

    static final List<String> METRICS = List.of("validation_loss", "validation_accuracy", "validation_rmse",
            "validation_r2", "train_loss", "train_accuracy");

    public EarlyStopping {
        patience = patience != null ? patience : 5;
        minDelta = minDelta != null ? minDelta : 0.0;
        restoreBest = restoreBest == null || restoreBest;
    }

    @AssertTrue(message = "metric must be one of validation_loss, validation_accuracy, validation_rmse, validation_r2, "
            + "train_loss, train_accuracy")
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isKnownMetric() {
        return metric == null || METRICS.contains(metric);
    }

    /** Whether the metric is a validation metric (and so needs a validation split). */
    public boolean needsValidation() {
        return metric.startsWith("validation_");
    }

    /** Larger is better for accuracy and R². */
    boolean maximise() {
        return metric.endsWith("accuracy") || metric.endsWith("r2");
    }

    /** The watched value of an epoch, or null when the epoch has none (e.g. accuracy of a regression). */
    Double value(EpochMetrics m) {
        return switch (metric) {
            case "validation_loss" -> m.validationLoss();
            case "validation_accuracy" -> m.validationAccuracy();
            case "validation_rmse" -> m.validationRmse();
            case "validation_r2" -> m.validationR2();
            case "train_loss" -> m.trainLoss();
            case "train_accuracy" -> m.trainAccuracy();
            default -> null;
        };
    }
}
