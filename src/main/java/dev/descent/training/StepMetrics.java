package dev.descent.training;

/**
 * One optimizer step: its batch loss, the learning rate used and the global L2 and L1 norms of the gradient (before
 * any gradient transform).
 */
public record StepMetrics(long step, int epoch, double loss, double learningRate, double gradientNorm,
                          double gradientL1Norm) {

    /** The same step numbered from these offsets: a part of a longer run. */
    public StepMetrics shifted(int epochs, long steps) {
        return new StepMetrics(step + steps, epoch + epochs, loss, learningRate, gradientNorm, gradientL1Norm);
    }
}
