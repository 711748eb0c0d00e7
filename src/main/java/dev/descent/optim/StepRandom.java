package dev.descent.optim;

import java.util.SplittableRandom;

/**
 * The random stream of one optimizer step, derived from the run's seed and the step number alone, so a run resumed
 * from a checkpoint draws exactly what it would have drawn.
 */
final class StepRandom {

    private StepRandom() {
    }

    static SplittableRandom of(long seed, long step) {
        return new SplittableRandom(seed + 0x9E3779B97F4A7C15L * step);
    }
}
