package dev.descent.history;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A job's epoch metrics in brief: each one's value at the last epoch recorded and its least and greatest over all of
 * them (a loss is best at its least, an accuracy at its greatest). A metric the job does not record is null.
 */
@Schema(description = "Each epoch metric's last value and its least and greatest over the epochs recorded; null for "
        + "a metric the job does not record")
public record EpochSummary(
        @Schema(description = "Epochs recorded", example = "20") int epochs,
        Metric trainLoss, Metric trainAccuracy, Metric validationLoss, Metric validationAccuracy,
        Metric validationRmse, Metric validationR2) {

    /** The columns of epoch_metrics summarised, in the record's order. */
    static final String[] COLUMNS = {"train_loss", "train_accuracy", "validation_loss", "validation_accuracy",
            "validation_rmse", "validation_r2"};

    @Schema(description = "One metric: its value at the last epoch, and its least and greatest")
    public record Metric(@Schema(example = "0.061") Double last, @Schema(example = "0.058") Double min,
                         @Schema(example = "0.93") Double max) {

        /** Null when the metric was never recorded. */
        static Metric of(Double last, Double min, Double max) {
            return last == null && min == null ? null : new Metric(last, min, max);
        }
    }
}
