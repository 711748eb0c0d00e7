package dev.descent.watch;

/**
 * A {@code status} event (on connecting and on every transition seen) and the final {@code end} event (the job
 * finished: SUCCEEDED, FAILED or CANCELLED, or it was deleted).
 */
public record StatusEvent(String status, String statusReason, long steps, int epoch, int epochs) {

    static final String DELETED = "DELETED";
}
