package dev.descent.job;

import dev.descent.boosting.Booster;
import dev.descent.continual.ContinualLearner;
import dev.descent.dataset.PreparedData;
import dev.descent.history.HistoryService;
import dev.descent.model.BoostedStages;
import dev.descent.model.Model;
import dev.descent.model.Shape;
import dev.descent.store.ModelArtifact;
import dev.descent.store.ModelStore;
import dev.descent.training.CheckpointSink;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingDivergedException;
import dev.descent.training.TrainingOutcome;
import dev.descent.training.TrainingSettings;
import dev.descent.training.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Trains one claimed job from its spec and records how it ends; whatever happens, the history so far is kept, unless
 * the claim is lost: then the job is another claim's, and this worker writes nothing more for it.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobRepository jobs;
    private final PreparedDataCache preparedData;
    private final ClaimedWrites writes;
    private final HistoryProperties historyProperties;
    private final JsonMapper json;
    private final Trainer trainer;
    private final Booster booster;
    private final ContinualLearner continual;
    private final ModelStore models;
    private final JobMetrics metrics;

    JobRunner(JobRepository jobs, PreparedDataCache preparedData, HistoryService history, ClaimedWrites writes,
              HistoryProperties historyProperties, JsonMapper json, ModelStore models, JobMetrics metrics) {
        this.metrics = metrics;
        this.models = models;
        this.jobs = jobs;
        this.preparedData = preparedData;
        this.writes = writes;
        this.historyProperties = historyProperties;
        this.json = json;
        this.trainer = new Trainer(history::gradientNorms);
        this.booster = new Booster(trainer);
        this.continual = new ContinualLearner(trainer);
    }

    /** The steps a run takes as the Trainer counts them (a last short batch is a step too), each task's of a continual one. */
    static long totalSteps(TrainingSettings settings, PreparedData data) {
        if (settings.continual() == null) {
            return steps(settings, data.trainRows());
        }
        return settings.continual().tasks().stream().mapToLong(task -> steps(settings, task.trainRows(data))).sum();
    }

    private static long steps(TrainingSettings settings, int rows) {
        int batchSize = Math.min(settings.batchSize(), rows);
        return (long) settings.epochs() * ((rows + batchSize - 1) / Math.max(1, batchSize));
    }

    /**
     * @param stop         true once the job should stop after its current step
     * @param shuttingDown true when the stop is this server's shutdown, not a cancel: the job goes back to the queue
     */
    void run(Claim claim, BooleanSupplier stop, BooleanSupplier shuttingDown) {
        try {
            train(claim, stop, shuttingDown);
        } catch (ClaimLostException lost) {
            log.warn("{} stopped without writing: its lease lapsed and the job is, or will be, another claim's", claim);
        } catch (RuntimeException e) {
            // the end could not be recorded: the lease lapses and the job resumes from its checkpoint
            log.error("{}: its end could not be recorded", claim, e);
        }
    }

    private void train(Claim claim, BooleanSupplier stop, BooleanSupplier shuttingDown) {
        UUID id = claim.jobId();
        Job job = jobs.findById(id).orElse(null);
        if (job == null) {
            return;
        }
        JobRecorder recorder = new JobRecorder(claim, writes, historyProperties, stop, metrics,
                job.getPauseAfterEpoch());
        PreparedDataCache.Lease prepared = null;
        try {
            // a job that starts again (its server died or shut down) continues from its last checkpoint, and forgets
            // what it recorded after it; without one it starts over
            TrainingState resume = job.getCheckpointPath() != null ? models.loadCheckpoint(job.getCheckpointPath()) : null;
            if (resume != null) {
                writes.resume(claim, resume);
                recorder.resumeAfter(resume.epoch() - 1, resume.step());
                log.info("job {} resuming at epoch {}, step {} (attempt {})", id, resume.epoch(), resume.step(),
                        job.getAttempts());
            } else {
                writes.start(claim);
                log.info("job {} running (attempt {})", id, job.getAttempts());
            }
            JobSpec spec = json.readValue(job.getSpec(), JobSpec.class);
            prepared = preparedData.take(spec.dataset(), spec.model().dtype().dataType());
            PreparedData data = prepared.data();
            writes.totalSteps(claim, totalSteps(spec.training(), data));
            Model network = Model.create(spec.model(), spec.training().modelInput(prepared.inputShape()),
                    data.outputs(), spec.training().seed());
            if (spec.model().initFrom() != null && resume == null) {
                network.copyFrom(models.load(jobs.findById(spec.model().initFrom()).orElseThrow().getModelPath()).layers());
            }
            // the history reaches the checkpoint before it becomes the job's: a run resumed from it then lacks no step
            CheckpointSink checkpoints = state -> {
                recorder.flush();
                writes.checkpoint(claim, state);
            };
            TrainingOutcome outcome;
            BoostedStages stages = null;
            if (spec.model().boosting() != null) {
                Booster.Boosted boosted = booster.train(spec.model(), network, spec.optimizer(), data,
                        spec.training(), recorder, resume, checkpoints);
                outcome = boosted.outcome();
                stages = boosted.stages();
            } else if (spec.training().continual() != null) {
                outcome = continual.train(network, spec.model().lossFor(data.task()), spec.optimizer(), data,
                        spec.training(), recorder, resume, checkpoints);
            } else {
                outcome = trainer.train(network, spec.model().lossFor(data.task()), spec.optimizer(), data,
                        spec.training(), recorder, resume, checkpoints);
            }
            recorder.flush();
            if (!outcome.cancelled()) {
                writes.succeed(claim, new ModelArtifact(ModelArtifact.FORMAT, id, data.task(), data.classNames(),
                        prepared.featureNames(), data.standardization(), outcome.inputProjection(), spec.model(),
                        network.values(), stages), limited(outcome.earlyStop()));
                logEnd(id, JobStatus.SUCCEEDED, outcome.earlyStop());
            } else if (shuttingDown.getAsBoolean()) {
                writes.release(claim);
                log.info("job {} returned to the queue: this server is shutting down", id);
            } else if (!stop.getAsBoolean() && recorder.atRung()) {
                writes.pause(claim);
                log.info("job {} PAUSED after epoch {}, its sweep's rung", id, job.getPauseAfterEpoch());
            } else {
                end(claim, JobStatus.CANCELLED, "cancelled by request after " + outcome.steps() + " steps");
            }
        } catch (ClaimLostException lost) {
            throw lost;
        } catch (TrainingDivergedException e) {
            flushAndEnd(recorder, claim, e.getMessage());
        } catch (RuntimeException e) {
            log.error("job {} failed", id, e);
            flushAndEnd(recorder, claim, "failed: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            // the job's arrays are garbage once it unwinds, so the server goes on; the job ends first, saying why,
            // rather than staying RUNNING to be retried by every server in turn
            log.error("job {} ran out of memory", id, e);
            flushAndEnd(recorder, claim, "ran out of memory (" + e.getMessage() + "): use a smaller model, batch "
                    + "or dataset");
        } finally {
            if (prepared != null) {
                prepared.close();
            }
            metrics.ended(id);
        }
    }

    /**
     * Ends a failed job with the history it has; a history write that fails too (or runs out of memory again) does
     * not keep it from ending.
     */
    private void flushAndEnd(JobRecorder recorder, Claim claim, String reason) {
        try {
            recorder.flush();
        } catch (ClaimLostException lost) {
            throw lost;
        } catch (RuntimeException | OutOfMemoryError e) {
            log.error("{}: its last steps could not be recorded", claim, e);
        }
        end(claim, JobStatus.FAILED, reason);
    }

    private void end(Claim claim, JobStatus status, String reason) {
        writes.finish(claim, status, limited(reason));
        logEnd(claim.jobId(), status, reason);
    }

    private static void logEnd(UUID id, JobStatus status, String reason) {
        log.info("job {} {}{}", id, status, reason != null ? ": " + reason : "");
    }

    /** The error column's length. */
    private static String limited(String reason) {
        return reason != null && reason.length() > 4000 ? reason.substring(0, 4000) : reason;
    }
}
