package dev.descent.training;

/** How a training run ended: {@code cancelled} when the listener asked it to stop. */
public record TrainingOutcome(int epochsCompleted, long steps, boolean cancelled, EpochMetrics lastEpoch) {
}
