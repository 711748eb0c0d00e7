package dev.descent.sweep;

/** RUNNING while it has trials to queue or trials queued, running or paused; then SUCCEEDED, or CANCELLED, FAILED. */
public enum SweepStatus {
    RUNNING,
    SUCCEEDED,
    CANCELLED,
    FAILED;

    public boolean isFinished() {
        return this != RUNNING;
    }
}
