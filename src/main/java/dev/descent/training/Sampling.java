package dev.descent.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.descent.dataset.DataPreparation;
import dev.descent.model.SpecIds;

import java.util.SplittableRandom;

/** The order in which an epoch visits the training rows. */
public enum Sampling {
    /** A new random permutation every epoch (the default). */
    RESHUFFLE("reshuffle"),
    /** One random permutation, drawn from the seed, reused every epoch. */
    SHUFFLE_ONCE("shuffle-once"),
    /** n rows drawn uniformly with replacement every epoch. */
    WITH_REPLACEMENT("with-replacement"),
    /** The rows in their stored order. */
    SEQUENTIAL("sequential");

    private final String id;

    Sampling(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Sampling of(String id) {
        return SpecIds.byId(values(), Sampling::id, id, "sampling");
    }

    /**
     * The epoch's row order, or null for the stored order.
     *
     * @param epochRng the epoch's own stream
     * @param runSeed  the run's seed, for an order that stays the same every epoch
     */
    int[] order(int rows, SplittableRandom epochRng, long runSeed) {
        return switch (this) {
            case RESHUFFLE -> DataPreparation.permutation(rows, epochRng.nextLong());
            case SHUFFLE_ONCE -> DataPreparation.permutation(rows, new SplittableRandom(runSeed).nextLong());
            case WITH_REPLACEMENT -> epochRng.ints(rows, 0, rows).toArray();
            case SEQUENTIAL -> null;
        };
    }
}
