package dev.descent.training;

/**
 * How a training run ended: {@code cancelled} when the listener asked it to stop; {@code earlyStop} says why early
 * stopping ended it, null otherwise.
 */
public record TrainingOutcome(int epochsCompleted, long steps, boolean cancelled, EpochMetrics lastEpoch,
                              String earlyStop) {
}
