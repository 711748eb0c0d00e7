package dev.descent.job;

/**
 * A worker's write found its claim gone (the job's lease lapsed, or passed to another claim): the write did not
 * happen, and the worker stops without writing anything more for the job.
 */
final class ClaimLostException extends RuntimeException {

    ClaimLostException(Claim claim, Throwable cause) {
        super(claim + " is no longer held by this worker", cause);
    }

    ClaimLostException(Claim claim) {
        this(claim, null);
    }
}
