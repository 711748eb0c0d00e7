package dev.descent.optim.schedule;

/** The learning rate at time t = 0, 1, … (a step or an epoch index) of a run of T units. */
@FunctionalInterface
public interface Schedule {

    double rate(long t);
}
