package dev.descent.job;

/** QUEUED → RUNNING → SUCCEEDED | FAILED | CANCELLED; a RUNNING job whose lease expires is QUEUED again. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
