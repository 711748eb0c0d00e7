package dev.descent.math;

import java.util.SplittableRandom;

/** Standard normal samples from a seeded stream, so a sequence depends on the seed alone. */
public final class Gaussian {

    private Gaussian() {
    }

    /** Box–Muller transform of two uniforms. */
    public static double sample(SplittableRandom rng) {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
