package dev.descent.job;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobs, and the queue they form. Every state change is one conditional UPDATE, so two workers (in one process or
 * in several sharing the database) can never both win the same job, and a worker's writes for its job are
 * conditional on its claim's token (fencing), so a worker that lost its claim can change nothing.
 */
public interface JobRepository extends JpaRepository<Job, UUID>, JpaSpecificationExecutor<Job> {

    long countByStatus(JobStatus status);

    long countByCreatedByAndStatusIn(String createdBy, Collection<JobStatus> statuses);

    /**
     * The order in which queued jobs are claimed, fair across users and, within a user, across their sweeps and single
     * jobs: first the jobs of the user served least recently, of them those of the group (a sweep, or a single job)
     * served least recently, and of those the oldest. A user or sweep is served when one of its jobs is claimed
     * ({@link JobQueue} records it in {@code served_users} and {@code served_sweeps}); a single job when it is, which
     * sets its {@code started_at}. Never served comes first; ties (no one served yet) go to the oldest job. One user's
     * 500-trial sweep then takes turns with another user's single job, and with that user's own single jobs.
     */
    String FAIR_ORDER = "from jobs j left join served_users u on u.user_name = j.created_by "
            + "left join served_sweeps s on s.sweep_id = j.sweep_id where j.status = 'QUEUED' "
            + "order by u.served_at nulls first, coalesce(s.served_at, j.started_at) nulls first, j.created_at, j.id";

    /** The next queued jobs in {@link #FAIR_ORDER}, for claimers that do not lock (H2). */
    default List<UUID> findNextQueued(int limit) {
        return findNextQueuedIds(limit).stream().map(UUID::fromString).toList();
    }

    /** As text: H2 hands a native query's UUID column over as bytes. */
    @Query(value = "select cast(j.id as varchar(36)) " + FAIR_ORDER + " limit :limit", nativeQuery = true)
    List<String> findNextQueuedIds(@Param("limit") int limit);

    /** A user's jobs of these statuses submitted on their own (a sweep's trials count through their sweep). */
    long countByCreatedByAndStatusInAndSweepIdIsNull(String createdBy, Collection<JobStatus> statuses);

    List<Job> findBySweepIdOrderByTrialNumber(UUID sweepId);

    /**
     * Locks the next queued job in {@link #FAIR_ORDER} that no other transaction has locked (PostgreSQL): concurrent
     * claimers each get a different row instead of racing for the same one. Only inside a transaction, followed by
     * {@link #claim}.
     */
    @Query(value = "select j.id " + FAIR_ORDER + " limit 1 for update of j skip locked", nativeQuery = true)
    List<UUID> lockNextQueued();

    /** The user and sweep of a job, for the record of who was served; the sweep is null for a single job. */
    @Query(value = "select created_by, cast(sweep_id as varchar(36)) from jobs where id = :id", nativeQuery = true)
    List<Object[]> findUserAndSweep(@Param("id") UUID id);

    /** Takes a QUEUED job for server {@code owner} as the claim {@code token}; 1 if this caller won it. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.RUNNING, j.owner = :owner, j.claimToken = :token, "
            + "j.leaseExpiresAt = :lease, j.startedAt = :now, j.attempts = j.attempts + 1, j.currentEpoch = 0, "
            + "j.steps = 0 where j.id = :id and j.status = dev.descent.job.JobStatus.QUEUED")
    int claim(@Param("id") UUID id, @Param("owner") String owner, @Param("token") UUID token,
              @Param("lease") Instant lease, @Param("now") Instant now);

    /**
     * Extends a claim's lease; 0 when the claim is lost: the job passed to another claim, or the lease already lapsed
     * (another server may be queueing the job again at this moment, so a lapsed lease is never revived).
     */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.leaseExpiresAt = :lease where j.id = :id and j.claimToken = :token "
            + "and j.status = dev.descent.job.JobStatus.RUNNING and j.leaseExpiresAt >= :now")
    int renewLease(@Param("id") UUID id, @Param("token") UUID token, @Param("lease") Instant lease,
                   @Param("now") Instant now);

    @Query("select j.id from Job j where j.id in :ids and j.cancelRequested = true")
    List<UUID> findCancelRequested(@Param("ids") Collection<UUID> ids);

    /**
     * Ends as cancelled, instead of queueing again, the running jobs whose lease lapsed after a cancel was requested:
     * the cancel is honoured even though the server that was to carry it out stopped.
     */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.CANCELLED, j.finishedAt = :now, j.owner = null, "
            + "j.claimToken = null, j.leaseExpiresAt = null, j.lostLeases = j.lostLeases + 1 "
            + "where j.status = dev.descent.job.JobStatus.RUNNING and j.leaseExpiresAt < :now "
            + "and j.cancelRequested = true")
    int cancelExpired(@Param("now") Instant now);

    /** Queues again the running jobs whose server stopped renewing their lease, counting the lost lease. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.QUEUED, j.owner = null, j.claimToken = null, "
            + "j.leaseExpiresAt = null, j.lostLeases = j.lostLeases + 1 "
            + "where j.status = dev.descent.job.JobStatus.RUNNING and j.leaseExpiresAt < :now")
    int requeueExpired(@Param("now") Instant now);

    /**
     * Fails, instead of queueing again, the running jobs whose lease has now lapsed {@code maxLostLeases} times: a job
     * that crashes its server (a native crash, the kernel's OOM killer) would otherwise crash every server in turn.
     */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.FAILED, j.error = :error, j.finishedAt = :now, "
            + "j.owner = null, j.claimToken = null, j.leaseExpiresAt = null, j.lostLeases = j.lostLeases + 1 "
            + "where j.status = dev.descent.job.JobStatus.RUNNING and j.leaseExpiresAt < :now "
            + "and j.lostLeases + 1 >= :maxLostLeases")
    int failExpired(@Param("maxLostLeases") int maxLostLeases, @Param("error") String error, @Param("now") Instant now);

    // The writes of a worker for its job, each conditional on its claim's token: 0 means the claim is lost and
    // nothing was written. An UPDATE also locks the row until its transaction ends, so writes made in the same
    // transaction (see ClaimedWrites) commit only if the claim held the job, and no claim can pass to another
    // worker before they have.

    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.currentEpoch = :epoch, j.steps = :steps, j.trainingMillis = :trainingMillis, "
            + "j.recordingMillis = :recordingMillis where j.id = :id and j.claimToken = :token "
            + "and j.status = dev.descent.job.JobStatus.RUNNING")
    int recordProgress(@Param("id") UUID id, @Param("token") UUID token, @Param("epoch") int epoch,
                       @Param("steps") long steps, @Param("trainingMillis") long trainingMillis,
                       @Param("recordingMillis") long recordingMillis);

    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.totalSteps = :totalSteps where j.id = :id and j.claimToken = :token "
            + "and j.status = dev.descent.job.JobStatus.RUNNING")
    int recordTotalSteps(@Param("id") UUID id, @Param("token") UUID token, @Param("totalSteps") long totalSteps);

    /** The checkpoint a claim would replace; empty when the claim is lost. */
    @Query("select coalesce(j.checkpointPath, '') from Job j where j.id = :id and j.claimToken = :token "
            + "and j.status = dev.descent.job.JobStatus.RUNNING")
    Optional<String> findCheckpointPath(@Param("id") UUID id, @Param("token") UUID token);

    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.checkpointPath = :path, j.checkpointStep = :step where j.id = :id "
            + "and j.claimToken = :token and j.status = dev.descent.job.JobStatus.RUNNING")
    int attachCheckpoint(@Param("id") UUID id, @Param("token") UUID token, @Param("path") String path,
                         @Param("step") long step);

    /** Ends a claim's job as succeeded with its model, which supersedes its checkpoint. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.SUCCEEDED, j.modelPath = :model, j.error = :reason, "
            + "j.checkpointPath = null, j.checkpointStep = null, j.finishedAt = :now, j.owner = null, "
            + "j.claimToken = null, j.leaseExpiresAt = null where j.id = :id and j.claimToken = :token "
            + "and j.status = dev.descent.job.JobStatus.RUNNING")
    int succeed(@Param("id") UUID id, @Param("token") UUID token, @Param("model") String model,
                @Param("reason") String reason, @Param("now") Instant now);

    /** Ends a claim's job as failed or cancelled. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = :status, j.error = :error, j.finishedAt = :now, j.owner = null, "
            + "j.claimToken = null, j.leaseExpiresAt = null where j.id = :id and j.claimToken = :token "
            + "and j.status = dev.descent.job.JobStatus.RUNNING")
    int finish(@Param("id") UUID id, @Param("token") UUID token, @Param("status") JobStatus status,
               @Param("error") String error, @Param("now") Instant now);

    /** Returns a claim's job to the queue (its server is shutting down); not a lost lease. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.QUEUED, j.owner = null, j.claimToken = null, "
            + "j.leaseExpiresAt = null where j.id = :id and j.claimToken = :token "
            + "and j.status = dev.descent.job.JobStatus.RUNNING")
    int release(@Param("id") UUID id, @Param("token") UUID token);

    /** Cancels a job that is not running: queued, or a sweep's trial paused at a rung. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.CANCELLED, j.finishedAt = :now "
            + "where j.id = :id and j.status in (dev.descent.job.JobStatus.QUEUED, dev.descent.job.JobStatus.PAUSED)")
    int cancelQueued(@Param("id") UUID id, @Param("now") Instant now);

    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.cancelRequested = true where j.id = :id and j.status = dev.descent.job.JobStatus.RUNNING")
    int requestCancel(@Param("id") UUID id);

    /** Queues a cancelled job again, to continue from its checkpoint; 1 if it was cancelled and has one. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.QUEUED, j.cancelRequested = false, j.error = null, "
            + "j.finishedAt = null where j.id = :id and j.status = dev.descent.job.JobStatus.CANCELLED "
            + "and j.checkpointPath is not null")
    int requeueCancelled(@Param("id") UUID id);

    /**
     * Locks the job's row until the transaction ends. A submission naming the job as its source and the job's deletion
     * both take it first, so they take turns: the deletion sees the new dependant, or the submission the missing job.
     */
    @Query(value = "select status from jobs where id = :id for update", nativeQuery = true)
    List<String> lockById(@Param("id") UUID id);

    /** The model files rows name, for the start-up sweep of those no row names. */
    @Query("select j.modelPath from Job j where j.modelPath is not null")
    List<String> findModelPaths();

    @Query("select j.checkpointPath from Job j where j.checkpointPath is not null")
    List<String> findCheckpointPaths();

    /** Jobs that will still run (queued, running, paused, or cancelled with a checkpoint to resume) whose spec is like this. */
    @Query("select j from Job j where j.spec like :pattern and (j.status in (dev.descent.job.JobStatus.QUEUED, "
            + "dev.descent.job.JobStatus.RUNNING, dev.descent.job.JobStatus.PAUSED) "
            + "or j.status = dev.descent.job.JobStatus.CANCELLED "
            + "and j.checkpointPath is not null)")
    List<Job> findMayRunWithSpecLike(@Param("pattern") String pattern);

    /** Jobs that will still run (as {@link #findMayRunWithSpecLike}) on this dataset. */
    @Query("select j.id from Job j where j.datasetId = :datasetId and (j.status in (dev.descent.job.JobStatus.QUEUED, "
            + "dev.descent.job.JobStatus.RUNNING, dev.descent.job.JobStatus.PAUSED) "
            + "or j.status = dev.descent.job.JobStatus.CANCELLED "
            + "and j.checkpointPath is not null)")
    List<UUID> findMayRunOnDataset(@Param("datasetId") String datasetId);

    /**
     * Stops a claim's sweep trial at its rung: PAUSED with the checkpoint it has just written, until its sweep
     * promotes or stops it.
     */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.PAUSED, j.owner = null, j.claimToken = null, "
            + "j.leaseExpiresAt = null where j.id = :id and j.claimToken = :token "
            + "and j.status = dev.descent.job.JobStatus.RUNNING")
    int pause(@Param("id") UUID id, @Param("token") UUID token);

    /** Queues a paused trial again, to continue from its checkpoint to the next rung (null: to its last epoch). */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.QUEUED, j.pauseAfterEpoch = :pauseAfter "
            + "where j.id = :id and j.status = dev.descent.job.JobStatus.PAUSED")
    int promote(@Param("id") UUID id, @Param("pauseAfter") Integer pauseAfterEpoch);

    /** Ends a paused trial where it stands (its sweep did not promote it), saying why. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.CANCELLED, j.error = :reason, j.finishedAt = :now "
            + "where j.id = :id and j.status = dev.descent.job.JobStatus.PAUSED")
    int stopPaused(@Param("id") UUID id, @Param("reason") String reason, @Param("now") Instant now);
}
