package dev.descent.job;

import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.Dataset;
import dev.descent.dataset.DatasetService;
import dev.descent.dataset.PreparedData;
import dev.descent.history.HistoryService;
import dev.descent.model.Network;
import dev.descent.store.ModelArtifact;
import dev.descent.store.ModelStore;
import dev.descent.training.Trainer;
import dev.descent.training.TrainingDivergedException;
import dev.descent.training.TrainingOutcome;
import dev.descent.training.TrainingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** Trains one claimed job from its spec and records how it ends; whatever happens, the history so far is kept. */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobRepository jobs;
    private final DatasetService datasets;
    private final HistoryService history;
    private final HistoryProperties historyProperties;
    private final JsonMapper json;
    private final Trainer trainer;
    private final ModelStore models;
    private final JobMetrics metrics;

    JobRunner(JobRepository jobs, DatasetService datasets, HistoryService history, HistoryProperties historyProperties,
              JsonMapper json, ModelStore models, JobMetrics metrics) {
        this.metrics = metrics;
        this.models = models;
        this.jobs = jobs;
        this.datasets = datasets;
        this.history = history;
        this.historyProperties = historyProperties;
        this.json = json;
        this.trainer = new Trainer(history::gradientNorms);
    }

    /**
     * @param stop         true once the job should stop after its current step
     * @param shuttingDown true when the stop is this server's shutdown, not a cancel: the job goes back to the queue
     */
    void run(UUID id, String owner, BooleanSupplier stop, BooleanSupplier shuttingDown) {
        Job job = jobs.findById(id).orElse(null);
        if (job == null) {
            return;
        }
        JobRecorder recorder = new JobRecorder(id, history, jobs, historyProperties, stop, metrics);
        PreparedData data = null;
        try {
            // a job that starts again (its server died or shut down) continues from its last checkpoint, and forgets
            // what it recorded after it; without one it starts over
            TrainingState resume = job.getCheckpointPath() != null ? models.loadCheckpoint(job.getCheckpointPath()) : null;
            if (resume != null) {
                history.truncate(id, resume.step(), resume.epoch());
                recorder.resumeAfter(resume.epoch() - 1, resume.step());
                log.info("job {} resuming at epoch {}, step {} (attempt {})", id, resume.epoch(), resume.step(),
                        job.getAttempts());
            } else {
                history.clear(id);
                log.info("job {} running (attempt {})", id, job.getAttempts());
            }
            JobSpec spec = json.readValue(job.getSpec(), JobSpec.class);
            Dataset dataset = datasets.load(spec.dataset().id(), spec.dataset().generator());
            data = DataPreparation.prepare(dataset, spec.dataset().validationSplit(),
                    spec.dataset().splitSeed(), spec.dataset().standardize(),
                    spec.model().dtype().dataType());
            // as the Trainer counts them: a last short batch is a step too
            int batchSize = Math.min(spec.training().batchSize(), data.trainRows());
            jobs.recordTotalSteps(id, (long) spec.training().epochs() * ((data.trainRows() + batchSize - 1) / batchSize));
            Network network = Network.create(spec.model(), spec.training().networkInputs(data.features()),
                    data.outputs(), spec.training().seed());
            if (spec.model().initFrom() != null && resume == null) {
                network.copyFrom(models.load(jobs.findById(spec.model().initFrom()).orElseThrow().getModelPath()).layers());
            }
            TrainingOutcome outcome = trainer.train(network, spec.model().lossFor(data.task()), spec.optimizer(), data,
                    spec.training(), recorder, resume,
                    state -> jobs.attachCheckpoint(id, models.saveCheckpoint(id, state), state.step()));
            recorder.flush();
            if (!outcome.cancelled()) {
                jobs.attachModel(id, models.save(new ModelArtifact(ModelArtifact.FORMAT, id, data.task(),
                        data.classNames(), dataset.featureNames(), data.standardization(), outcome.inputProjection(),
                        spec.model(), network.layers())));
                dropCheckpoint(id);
                end(id, owner, JobStatus.SUCCEEDED, outcome.earlyStop());
            } else if (shuttingDown.getAsBoolean()) {
                jobs.release(id, owner);
                log.info("job {} returned to the queue: this server is shutting down", id);
            } else {
                end(id, owner, JobStatus.CANCELLED, "cancelled by request after " + outcome.steps() + " steps");
            }
        } catch (TrainingDivergedException e) {
            recorder.flush();
            end(id, owner, JobStatus.FAILED, e.getMessage());
        } catch (RuntimeException e) {
            log.error("job {} failed", id, e);
            recorder.flush();
            end(id, owner, JobStatus.FAILED, "failed: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            // the job's arrays are garbage once it unwinds, so the server goes on; the job ends first, saying why,
            // rather than staying RUNNING to be retried by every server in turn
            log.error("job {} ran out of memory", id, e);
            end(id, owner, JobStatus.FAILED, "ran out of memory (" + e.getMessage() + "): use a smaller model, batch "
                    + "or dataset");
            recorder.flush();
        } finally {
            if (data != null) {
                data.release();
            }
            metrics.ended(id);
        }
    }

    /** A finished model supersedes its checkpoint. */
    private void dropCheckpoint(UUID id) {
        jobs.findById(id).map(Job::getCheckpointPath).ifPresent(file -> {
            jobs.attachCheckpoint(id, null, null);
            models.delete(file);
        });
    }

    private void end(UUID id, String owner, JobStatus status, String reason) {
        String error = reason != null && reason.length() > 4000 ? reason.substring(0, 4000) : reason;
        if (jobs.finish(id, owner, status, error, Instant.now()) == 1) {
            log.info("job {} {}{}", id, status, reason != null ? ": " + reason : "");
        } else {
            log.warn("job {} ended {} but its lease had passed to another server", id, status);
        }
    }
}
