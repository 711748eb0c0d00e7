package dev.descent.optim;

/** What some methods need to know of the run: the training set size (SGLD's N) and a seed for their noise. */
public record OptimizerContext(long trainingRows, long seed) {
}
