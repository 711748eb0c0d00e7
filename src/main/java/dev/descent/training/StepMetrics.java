package dev.descent.training;

/** One optimizer step: its batch loss, the learning rate used and the global L2 norm of the gradient. */
public record StepMetrics(long step, int epoch, double loss, double learningRate, double gradientNorm) {
}
