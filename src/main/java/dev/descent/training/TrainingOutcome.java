package dev.descent.training;

import dev.descent.dataset.InputProjection;

/**
 * How a training run ended: {@code cancelled} when the listener asked it to stop; {@code earlyStop} says why early
 * stopping ended it, null otherwise; {@code inputProjection} is the private PCA's projection the network's inputs
 * went through, null without one (a trained model applies it to the rows it predicts on).
 */
public record TrainingOutcome(int epochsCompleted, long steps, boolean cancelled, EpochMetrics lastEpoch,
                              String earlyStop, InputProjection inputProjection) {
}
