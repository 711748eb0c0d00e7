package dev.descent.training;

/** Where the trainer puts checkpoints: every {@code checkpointEvery} epochs and whenever it is asked to stop. */
@FunctionalInterface
public interface CheckpointSink {

    void save(TrainingState state);

    CheckpointSink NONE = state -> {
    };
}
