package dev.descent.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.descent.math.Gaussian;

import java.util.SplittableRandom;

/** How weights start; biases always start at zero. */
public enum Initialization {
    /** N(0, 2/fan_in) (He et al. 2015), for ReLU-like activations. */
    HE("he"),
    /** U(−a, a) with a = √(6/(fan_in + fan_out)) (Glorot & Bengio 2010). */
    XAVIER("xavier"),
    ZEROS("zeros");

    private final String id;

    Initialization(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Initialization of(String id) {
        return SpecIds.byId(values(), Initialization::id, id, "initialization");
    }

    /** fanIn × fanOut weights of a dense layer. */
    public double[] weights(int fanIn, int fanOut, SplittableRandom rng) {
        return weights(fanIn * fanOut, fanIn, fanOut, rng);
    }

    /** {@code count} weights of a layer whose units each see {@code fanIn} inputs and feed {@code fanOut} outputs. */
    public double[] weights(int count, int fanIn, int fanOut, SplittableRandom rng) {
        double[] w = new double[count];
        switch (this) {
            case HE -> {
                double std = Math.sqrt(2.0 / fanIn);
                for (int i = 0; i < w.length; i++) {
                    w[i] = std * Gaussian.sample(rng);
                }
            }
            case XAVIER -> {
                double a = Math.sqrt(6.0 / (fanIn + fanOut));
                for (int i = 0; i < w.length; i++) {
                    w[i] = a * (2 * rng.nextDouble() - 1);
                }
            }
            case ZEROS -> {
            }
        }
        return w;
    }
}
