package dev.descent.continual;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Rows drawn from a seed: the same seed, the same rows. */
final class SeededRows {

    private SeededRows() {
    }

    /** {@code count} distinct indices of 0 … n − 1 (all of them when n is smaller), by a partial Fisher–Yates shuffle. */
    static int[] sample(int n, int count, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int drawn = Math.min(n, count);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < drawn; i++) {
            int j = i + rng.nextInt(n - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return Arrays.copyOf(order, drawn);
    }
}
