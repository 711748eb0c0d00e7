package dev.descent.e2e;

import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.stream.LongStream;

/**
 * The job the fault tests train: a small MLP on the digits, in float64, with a checkpoint after every
 * {@code checkpointEvery} epochs; an epoch takes a second or so, long enough to stop a server or a database mid-run.
 */
final class DigitsJobs {

    /** 1438 training rows of digits in batches of 8. */
    static final int STEPS_PER_EPOCH = 180;

    private DigitsJobs() {
    }

    static String spec(int epochs, int checkpointEvery) {
        return """
                {"dataset": {"id": "digits"}, "model": {"hiddenLayers": [{"units": 16}], "dtype": "float64"},
                 "optimizer": {"type": "adam", "learningRate": 0.003},
                 "training": {"epochs": %d, "batchSize": 8, "checkpointEvery": %d}}"""
                .formatted(epochs, checkpointEvery);
    }

    /** Steps 1 to {@code last}: a history with every step once. */
    static List<Long> stepsUpTo(long last) {
        return LongStream.rangeClosed(1, last).boxed().toList();
    }

    /** A job running with its first checkpoint taken. */
    static boolean checkpointed(JsonNode job) {
        return "RUNNING".equals(job.path("status").asString()) && !job.path("checkpointStep").isNull();
    }
}
