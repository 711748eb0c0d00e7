package dev.descent.job;

/**
 * QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED; a RUNNING job whose lease expires is QUEUED again. A sweep's
 * trial may also stop at a rung, checkpointed, as PAUSED, until its sweep queues it again (promotes it) or cancels
 * it (stops it there).
 */
public enum JobStatus {
    QUEUED,
    RUNNING,
    PAUSED,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
