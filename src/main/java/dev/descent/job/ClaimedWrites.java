package dev.descent.job;

import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.history.HistoryService;
import dev.descent.store.ModelArtifact;
import dev.descent.store.ModelStore;
import dev.descent.training.EpochMetrics;
import dev.descent.training.StepMetrics;
import dev.descent.training.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Every write a worker makes for its job, fenced by its claim: each is conditional on the claim's token, and the
 * history a worker appends goes in the same transaction as a conditional UPDATE of the job row (rolled back when
 * that finds the claim gone; while it holds the row's lock, no claim can pass to another), so a worker whose claim
 * passed to another (its lease lapsed while it was paused) writes nothing and is told so by a
 * {@link ClaimLostException}. Files (checkpoints, the model) are written under names of their own claim and only
 * become the job's through such an UPDATE.
 * <p>
 * A write that fails transiently is tried again after a backoff, for as long as the claim's lease lasts: a database
 * restart pauses the job instead of failing it. Once the lease is over, the job may be another claim's and the
 * worker stops as fenced.
 */
@Component
class ClaimedWrites {

    private static final Logger log = LoggerFactory.getLogger(ClaimedWrites.class);

    private final JobRepository jobs;
    private final HistoryService history;
    private final ModelStore models;
    private final TransactionTemplate transaction;
    private final ExecutorProperties properties;
    private final Clock clock;
    private final QueueWakeups wakeups;

    ClaimedWrites(JobRepository jobs, HistoryService history, ModelStore models,
                  PlatformTransactionManager transactions, ExecutorProperties properties, Clock clock,
                  QueueWakeups wakeups) {
        this.jobs = jobs;
        this.wakeups = wakeups;
        this.history = history;
        this.models = models;
        this.transaction = new TransactionTemplate(transactions);
        this.properties = properties;
        this.clock = clock;
    }

    /** How far a job has got: epochs done, steps done, and the wall time of training and, of it, of recording. */
    record Progress(int epochs, long steps, long trainingMillis, long recordingMillis) {
    }

    /** A first run: the job's progress and history start from nothing. */
    void start(Claim claim) {
        inTransaction(claim, () -> {
            fence(claim, jobs.recordProgress(claim.jobId(), claim.token(), 0, 0, 0, 0));
            history.clear(claim.jobId());
        });
    }

    /** A run resumed from a checkpoint: the history recorded after it is forgotten, the progress continues from it. */
    void resume(Claim claim, TrainingState checkpoint) {
        inTransaction(claim, () -> {
            fence(claim, jobs.recordProgress(claim.jobId(), claim.token(), checkpoint.epoch() - 1, checkpoint.step(),
                    0, 0));
            history.truncate(claim.jobId(), checkpoint.step(), checkpoint.epoch());
        });
    }

    void totalSteps(Claim claim, long totalSteps) {
        retrying(claim, () -> fence(claim, jobs.recordTotalSteps(claim.jobId(), claim.token(), totalSteps)));
    }

    /**
     * Steps and, if given, the epoch they end, with the progress they bring the job to ({@code progress} is asked
     * once they are in, so that its times include the write).
     */
    void append(Claim claim, List<StepMetrics> steps, List<DiagnosticPoint> diagnostics, EpochMetrics epoch,
                Supplier<Progress> progress) {
        inTransaction(claim, () -> {
            history.append(claim.jobId(), steps, diagnostics, epoch);
            Progress now = progress.get();
            fence(claim, jobs.recordProgress(claim.jobId(), claim.token(), now.epochs(), now.steps(),
                    now.trainingMillis(), now.recordingMillis()));
        });
    }

    /** Makes {@code state} the job's checkpoint in place of the one before, whose file is then deleted. */
    void checkpoint(Claim claim, TrainingState state) {
        String file = retrying(claim, () -> models.saveCheckpoint(claim.jobId(), claim.token(), state));
        String replaced = attach(claim, file,
                () -> jobs.attachCheckpoint(claim.jobId(), claim.token(), file, state.step()));
        // a retried attach whose first try committed unseen finds its own file there already
        if (!replaced.isEmpty() && !replaced.equals(file)) {
            models.delete(replaced);
        }
    }

    /** Ends the job as succeeded with its model; its checkpoint, superseded, is deleted. */
    void succeed(Claim claim, ModelArtifact model, String reason) {
        String file = retrying(claim, () -> models.save(model, claim.token()));
        String checkpoint = attach(claim, file,
                () -> jobs.succeed(claim.jobId(), claim.token(), file, reason, clock.instant()));
        if (!checkpoint.isEmpty()) {
            models.delete(checkpoint);
        }
    }

    /** Ends the job as failed or cancelled. */
    void finish(Claim claim, JobStatus status, String reason) {
        retrying(claim, () -> fence(claim, jobs.finish(claim.jobId(), claim.token(), status, reason, clock.instant())));
    }

    /** Stops a sweep's trial at its rung, with the checkpoint it has just written. */
    void pause(Claim claim) {
        retrying(claim, () -> fence(claim, jobs.pause(claim.jobId(), claim.token())));
    }

    /** Returns the job to the queue, for this or another server. */
    void release(Claim claim) {
        retrying(claim, () -> fence(claim, jobs.release(claim.jobId(), claim.token())));
        wakeups.queued();
    }

    /**
     * Makes {@code file}, written under this claim's name, the job's by {@code update} (conditional on the claim), and
     * returns the checkpoint file the job had before it ("" for none). When the claim is lost the file is deleted,
     * unless the job refers to it after all (a first try that committed unseen).
     */
    private String attach(Claim claim, String file, IntSupplier update) {
        String before;
        try {
            before = retrying(claim, () -> transaction.execute(status -> {
                String previous = jobs.findCheckpointPath(claim.jobId(), claim.token()).orElse(null);
                return previous != null && update.getAsInt() == 1 ? previous : null;
            }));
        } catch (ClaimLostException e) {
            deleteUnlessAttached(claim, file);
            throw e;
        }
        if (before == null) {
            deleteUnlessAttached(claim, file);
            claim.lose();
            throw new ClaimLostException(claim);
        }
        return before;
    }

    private void deleteUnlessAttached(Claim claim, String file) {
        try {
            boolean attached = jobs.findById(claim.jobId())
                    .map(job -> file.equals(job.getModelPath()) || file.equals(job.getCheckpointPath())).orElse(false);
            if (!attached) {
                models.delete(file);
            }
        } catch (RuntimeException unreachable) {
            log.warn("{}: could not tell whether {} is the job's, so it is kept: {}", claim, file,
                    unreachable.getMessage());
        }
    }

    private void inTransaction(Claim claim, Runnable write) {
        retrying(claim, () -> transaction.execute(status -> {
            write.run();
            return null;
        }));
    }

    private static int fence(Claim claim, int updated) {
        if (updated != 1) {
            claim.lose();
            throw new ClaimLostException(claim);
        }
        return updated;
    }

    /**
     * Runs {@code write}, again after a transient failure, waiting twice as long each time, while the claim's lease
     * lasts; a claim already known lost writes nothing.
     */
    private <T> T retrying(Claim claim, Supplier<T> write) {
        Duration backoff = properties.writeRetryBackoff();
        for (int attempt = 1; ; attempt++) {
            if (claim.isLost()) {
                throw new ClaimLostException(claim);
            }
            try {
                return write.get();
            } catch (RuntimeException e) {
                if (e instanceof ClaimLostException || !TransientFailures.isTransient(e)) {
                    throw e;
                }
                Instant retryAt = clock.instant().plus(backoff);
                if (!retryAt.isBefore(claim.leaseExpiresAt())) {
                    log.warn("{}: a write failed ({}) and its lease lapses at {}: the worker stops, the job resumes "
                            + "from its checkpoint", claim, e.getMessage(), claim.leaseExpiresAt());
                    claim.lose();
                    throw new ClaimLostException(claim, e);
                }
                log.warn("{}: write attempt {} failed ({}); trying again in {}", claim, attempt, e.getMessage(),
                        backoff);
                sleep(claim, backoff);
                backoff = min(backoff.multipliedBy(2), properties.heartbeatInterval());
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void sleep(Claim claim, Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            // the server is stopping past its grace: the job is given up, to resume from its checkpoint
            Thread.currentThread().interrupt();
            claim.lose();
            throw new ClaimLostException(claim, e);
        }
    }
}
