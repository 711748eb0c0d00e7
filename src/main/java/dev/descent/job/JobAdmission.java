package dev.descent.job;

import dev.descent.error.QueueFullException;
import dev.descent.security.Caller;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.util.EnumSet;

/**
 * Lets a job into the queue within its bounds: the queue's ({@code maxQueuedJobs}) and each non-admin user's share
 * ({@code maxActiveJobsPerUser}, a running sweep counting as its concurrency; admins are bounded by the queue's only).
 * <p>
 * Counting and inserting must be one step, or concurrent submissions all see room and all insert. So admission
 * first locks the one row of {@code admission_locks} ({@code SELECT … FOR UPDATE}) in the caller's transaction,
 * which then inserts its job and commits, releasing the lock: the next submission, on this server or on any other
 * sharing the database, counts after that commit. The same on PostgreSQL and H2. The lock is taken after a spec's
 * validation, so it is held for two counts and an insert.
 */
@Component
public class JobAdmission {

    /** A submission that waits for the lock longer than the database allows (H2's lock timeout) retries after this. */
    private static final Duration RETRY_WHEN_BUSY = Duration.ofSeconds(1);
    private static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(30);

    private final JobRepository jobs;
    private final JobLimits limits;
    private final JdbcTemplate jdbc;

    JobAdmission(JobRepository jobs, JobLimits limits, JdbcTemplate jdbc) {
        this.jobs = jobs;
        this.limits = limits;
        this.jdbc = jdbc;
    }

    /**
     * Waits for the admission lock, then checks that one more queued job of {@code caller}'s fits; the caller's
     * transaction queues it and commits.
     *
     * @throws QueueFullException the queue, or the caller's share of it, is full
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void admit(Caller caller) {
        admit(caller, 1);
    }

    /**
     * As {@link #admit(Caller)}, for a submission that may have {@code slots} jobs queued or running at once: a
     * sweep, its {@code maxConcurrentTrials}. A user's share counts their own jobs and the slots of their running
     * sweeps, not those sweeps' trials one by one.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void admit(Caller caller, int slots) {
        try {
            jdbc.queryForList("select name from admission_locks where name = 'jobs' for update", String.class);
        } catch (TransientDataAccessException e) {
            // a lock timeout: H2 reports it (error 50200) as a query timeout
            throw new QueueFullException("too many submissions at once; retry", RETRY_WHEN_BUSY);
        }
        long queued = jobs.countByStatus(JobStatus.QUEUED);
        if (queued + slots > limits.maxQueuedJobs()) {
            throw new QueueFullException(queued + " jobs are queued, the limit is " + limits.maxQueuedJobs()
                    + (slots > 1 ? "; this sweep may queue " + slots + " at once" : ""), RETRY_WHEN_FULL);
        }
        if (!caller.admin()) {
            long active = jobs.countByCreatedByAndStatusInAndSweepIdIsNull(caller.user(),
                    EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING)) + sweepSlots(caller.user());
            if (active + slots > limits.maxActiveJobsPerUser()) {
                throw new QueueFullException(caller.user() + " has " + active + " queued or running jobs (a running "
                        + "sweep counts as its maxConcurrentTrials)" + (slots > 1 ? ", this sweep would add " + slots
                        : "") + "; the limit per user is " + limits.maxActiveJobsPerUser(), RETRY_WHEN_FULL);
            }
        }
    }

    /** The trials the user's running sweeps may have queued or running at once. */
    private long sweepSlots(String user) {
        Long slots = jdbc.queryForObject("select coalesce(sum(max_concurrent_trials), 0) from sweeps "
                + "where created_by = ? and status = 'RUNNING'", Long.class, user);
        return slots != null ? slots : 0;
    }
}
