package dev.descent.training;

/**
 * One epoch. Train loss and accuracy average the epoch's batches; validation metrics are null without a
 * validation split; accuracy is for classification, RMSE and R² for regression (RMSE in the target's units).
 * {@code gradientNorm} is the mean global gradient norm of the epoch's steps. {@code epsilon} is the privacy spent
 * by the end of the epoch under DP-SGD, null without privacy.
 */
public record EpochMetrics(int epoch, long steps, double trainLoss, Double trainAccuracy, Double validationLoss,
                           Double validationAccuracy, Double validationRmse, Double validationR2, double learningRate,
                           double gradientNorm, long durationMillis, double samplesPerSecond, Double epsilon) {

    /** The same epoch numbered from these offsets: a part of a longer run. */
    public EpochMetrics shifted(int epochs, long stepOffset) {
        return new EpochMetrics(epoch + epochs, steps + stepOffset, trainLoss, trainAccuracy, validationLoss,
                validationAccuracy, validationRmse, validationR2, learningRate, gradientNorm, durationMillis,
                samplesPerSecond, epsilon);
    }
}
