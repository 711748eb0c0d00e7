package dev.descent.job;

import java.time.Instant;
import java.util.UUID;

/**
 * One attempt at a job: the claim token that fences its writes (a new one for every claim, so two attempts at one
 * job, even on one server, are told apart), the lease as this server last renewed it, and what its worker is told by
 * the rest of the server: to stop (a cancel) or that the claim is lost (its lease lapsed or passed to another claim).
 */
final class Claim {

    private final UUID jobId;
    private final UUID token;
    private volatile Instant leaseExpiresAt;
    private volatile boolean cancelled;
    private volatile boolean lost;

    Claim(UUID jobId, UUID token, Instant leaseExpiresAt) {
        this.jobId = jobId;
        this.token = token;
        this.leaseExpiresAt = leaseExpiresAt;
    }

    UUID jobId() {
        return jobId;
    }

    UUID token() {
        return token;
    }

    /** Until when the job is this claim's, as far as this server knows: its writes may be retried until then. */
    Instant leaseExpiresAt() {
        return leaseExpiresAt;
    }

    void renewedUntil(Instant lease) {
        leaseExpiresAt = lease;
    }

    void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    /** The job is no longer this claim's: its worker stops at its next step and writes nothing more. */
    void lose() {
        lost = true;
    }

    boolean isLost() {
        return lost;
    }

    @Override
    public String toString() {
        return "job " + jobId + " (claim " + token + ")";
    }
}
