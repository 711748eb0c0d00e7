package dev.descent.scoring;

/** RUNNING (its jobs train, then its scores are computed) → SUCCEEDED | FAILED | CANCELLED. */
public enum ScoringStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinished() {
        return this != RUNNING;
    }
}
