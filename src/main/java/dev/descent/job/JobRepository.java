package dev.descent.job;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Jobs, and the queue they form. Every state change is one conditional UPDATE, so two workers (in one process or
 * in several sharing the database) can never both win the same job.
 */
public interface JobRepository extends JpaRepository<Job, UUID> {

    Page<Job> findByStatus(JobStatus status, Pageable pageable);

    Page<Job> findByCreatedBy(String createdBy, Pageable pageable);

    Page<Job> findByCreatedByAndStatus(String createdBy, JobStatus status, Pageable pageable);

    long countByStatus(JobStatus status);

    long countByCreatedByAndStatusIn(String createdBy, Collection<JobStatus> statuses);

    @Query("select j.id from Job j where j.status = dev.descent.job.JobStatus.QUEUED order by j.createdAt")
    List<UUID> findQueuedIds(Pageable pageable);

    /**
     * Locks the oldest QUEUED job that no other transaction has locked (PostgreSQL): concurrent claimers each get a
     * different row instead of racing for the same one. Only inside a transaction, followed by {@link #claim}.
     */
    @Query(value = "select id from jobs where status = 'QUEUED' order by created_at, id limit 1 for update skip locked",
            nativeQuery = true)
    List<UUID> lockOldestQueued();

    /** Takes a QUEUED job for {@code owner}; 1 if this caller won it. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.RUNNING, j.owner = :owner, j.leaseExpiresAt = :lease, "
            + "j.startedAt = :now, j.attempts = j.attempts + 1, j.currentEpoch = 0, j.steps = 0 "
            + "where j.id = :id and j.status = dev.descent.job.JobStatus.QUEUED")
    int claim(@Param("id") UUID id, @Param("owner") String owner, @Param("lease") Instant lease, @Param("now") Instant now);

    /** Extends the leases of the owner's running jobs. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.leaseExpiresAt = :lease where j.owner = :owner and j.id in :ids "
            + "and j.status = dev.descent.job.JobStatus.RUNNING")
    int renewLeases(@Param("owner") String owner, @Param("ids") Collection<UUID> ids, @Param("lease") Instant lease);

    @Query("select j.id from Job j where j.id in :ids and j.cancelRequested = true")
    List<UUID> findCancelRequested(@Param("ids") Collection<UUID> ids);

    /** Queues again the running jobs whose server stopped renewing their lease, counting the lost lease. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.QUEUED, j.owner = null, j.leaseExpiresAt = null, "
            + "j.lostLeases = j.lostLeases + 1 "
            + "where j.status = dev.descent.job.JobStatus.RUNNING and j.leaseExpiresAt < :now")
    int requeueExpired(@Param("now") Instant now);

    /**
     * Fails, instead of queueing again, the running jobs whose lease has now lapsed {@code maxLostLeases} times: a job
     * that crashes its server (a native crash, the kernel's OOM killer) would otherwise crash every server in turn.
     */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.FAILED, j.error = :error, j.finishedAt = :now, "
            + "j.owner = null, j.leaseExpiresAt = null, j.lostLeases = j.lostLeases + 1 "
            + "where j.status = dev.descent.job.JobStatus.RUNNING and j.leaseExpiresAt < :now "
            + "and j.lostLeases + 1 >= :maxLostLeases")
    int failExpired(@Param("maxLostLeases") int maxLostLeases, @Param("error") String error, @Param("now") Instant now);

    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.currentEpoch = :epoch, j.steps = :steps, j.trainingMillis = :trainingMillis, "
            + "j.recordingMillis = :recordingMillis where j.id = :id")
    int recordProgress(@Param("id") UUID id, @Param("epoch") int epoch, @Param("steps") long steps,
                       @Param("trainingMillis") long trainingMillis, @Param("recordingMillis") long recordingMillis);

    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.totalSteps = :totalSteps where j.id = :id")
    int recordTotalSteps(@Param("id") UUID id, @Param("totalSteps") long totalSteps);

    /** Ends a running job, if {@code owner} still holds it. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = :status, j.error = :error, j.finishedAt = :now, j.owner = null, "
            + "j.leaseExpiresAt = null where j.id = :id and j.owner = :owner "
            + "and j.status = dev.descent.job.JobStatus.RUNNING")
    int finish(@Param("id") UUID id, @Param("owner") String owner, @Param("status") JobStatus status,
               @Param("error") String error, @Param("now") Instant now);

    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.CANCELLED, j.finishedAt = :now "
            + "where j.id = :id and j.status = dev.descent.job.JobStatus.QUEUED")
    int cancelQueued(@Param("id") UUID id, @Param("now") Instant now);

    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.cancelRequested = true where j.id = :id and j.status = dev.descent.job.JobStatus.RUNNING")
    int requestCancel(@Param("id") UUID id);

    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.modelPath = :path where j.id = :id")
    int attachModel(@Param("id") UUID id, @Param("path") String path);

    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.checkpointPath = :path, j.checkpointStep = :step where j.id = :id")
    int attachCheckpoint(@Param("id") UUID id, @Param("path") String path, @Param("step") Long step);

    /** Queues a cancelled job again, to continue from its checkpoint; 1 if it was cancelled and has one. */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.QUEUED, j.cancelRequested = false, j.error = null, "
            + "j.finishedAt = null where j.id = :id and j.status = dev.descent.job.JobStatus.CANCELLED "
            + "and j.checkpointPath is not null")
    int requeueCancelled(@Param("id") UUID id);

    /** Returns a running job to the queue, if {@code owner} still holds it (its server is shutting down). */
    @Transactional
    @Modifying(clearAutomatically = true, flushAutomatically = true)
    @Query("update Job j set j.status = dev.descent.job.JobStatus.QUEUED, j.owner = null, j.leaseExpiresAt = null "
            + "where j.id = :id and j.owner = :owner and j.status = dev.descent.job.JobStatus.RUNNING")
    int release(@Param("id") UUID id, @Param("owner") String owner);
}
