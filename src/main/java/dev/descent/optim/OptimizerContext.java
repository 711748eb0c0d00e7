package dev.descent.optim;

/**
 * What some methods need to know of the run: the training set size N (SGLD, loopless SVRG's B/N), the batch size
 * and a seed for their own randomness.
 */
public record OptimizerContext(long trainingRows, long batchSize, long seed) {
}
