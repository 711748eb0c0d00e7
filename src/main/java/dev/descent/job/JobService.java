package dev.descent.job;

import dev.descent.dataset.DatasetInfo;
import dev.descent.dataset.DatasetService;
import dev.descent.dataset.Task;
import dev.descent.error.ConflictException;
import dev.descent.error.InvalidFieldException;
import dev.descent.error.NotFoundException;
import dev.descent.error.QueueFullException;
import dev.descent.history.HistoryService;
import dev.descent.model.Network;
import dev.descent.privacy.PrivacyBudget;
import dev.descent.privacy.PrivacyPlan;
import dev.descent.privacy.PrivacyReport;
import dev.descent.privacy.PrivacySpec;
import dev.descent.privacy.PrivatePca;
import dev.descent.privacy.UnreachableEpsilonException;
import dev.descent.security.Caller;
import dev.descent.store.ModelStore;
import dev.descent.optim.schedule.RefinedSchedule;
import dev.descent.optim.schedule.ScheduleSpec;
import dev.descent.optim.schedule.WarmupSchedule;
import dev.descent.training.ScheduleUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

/** Submits, reads, cancels and deletes jobs; checks every spec against the catalogs and limits before queueing. */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final JobRepository jobs;
    private final DatasetService datasets;
    private final JobLimits limits;
    private final JsonMapper json;
    private final JobExecutor executor;
    private final HistoryService history;
    private final ModelStore models;

    public JobService(JobRepository jobs, DatasetService datasets, JobLimits limits, JsonMapper json,
                      JobExecutor executor, HistoryService history, ModelStore models) {
        this.models = models;
        this.history = history;
        this.jobs = jobs;
        this.datasets = datasets;
        this.limits = limits;
        this.json = json;
        this.executor = executor;
    }

    /** Validates the spec (Bean Validation has already checked each field's range) and queues the caller's job. */
    @Transactional
    public Job submit(JobSpec spec, Caller caller) {
        DatasetInfo dataset = datasets.describe(caller, spec.dataset().id(), spec.dataset().generator(), "dataset.id",
                "dataset.generator");
        if (spec.model().loss() != null && spec.model().loss().task() != dataset.task()) {
            throw new InvalidFieldException("model.loss", "a " + spec.model().loss().task().id() + " loss cannot train "
                    + "the " + dataset.task().id() + " dataset '" + dataset.id() + "'");
        }
        int outputs = dataset.task() == Task.CLASSIFICATION ? dataset.classNames().size() : 1;
        long parameters = spec.model().parameterCount(spec.training().networkInputs(dataset.features()), outputs);
        if (parameters > limits.maxParameters()) {
            throw new InvalidFieldException("model.hiddenLayers", "the model has " + parameters
                    + " parameters on this dataset, more than the limit of " + limits.maxParameters());
        }
        int epochs = spec.training().epochs();
        if (epochs > limits.maxEpochs()) {
            throw new InvalidFieldException("training.epochs", "must be at most " + limits.maxEpochs() + ", was " + epochs);
        }
        long trainRows = trainRows(dataset, spec);
        if (trainRows < 1) {
            throw new InvalidFieldException("dataset.validationSplit", "leaves no training rows of " + dataset.rows());
        }
        if (epochs * trainRows > limits.maxEpochRows()) {
            throw new InvalidFieldException("training.epochs", "epochs × training rows = " + epochs * trainRows
                    + ", more than the limit of " + limits.maxEpochRows());
        }
        checkActivations(spec, dataset, trainRows, outputs);
        checkRefinedSchedule(spec.training().schedule(), "training.schedule", spec.training().scheduleUnit(), caller);
        checkPrivacy(spec, trainRows, dataset.features(), parameters);
        checkWarmStart(spec.model().initFrom(), dataset.features(), parameters, caller);
        if (spec.training().earlyStopping() != null && spec.training().earlyStopping().needsValidation()
                && spec.dataset().validationSplit() == 0) {
            throw new InvalidFieldException("training.earlyStopping.metric", spec.training().earlyStopping().metric()
                    + " needs a validation split: dataset.validationSplit is 0");
        }
        checkQueueRoom(caller);
        Job job = jobs.save(new Job(UUID.randomUUID(), spec.name(), spec.dataset().id(), json.writeValueAsString(spec),
                parameters, epochs, Instant.now(), caller.user()));
        log.info("job {} queued for {}: dataset {}, {} parameters, {} epochs", job.getId(), caller.user(),
                job.getDatasetId(), parameters, epochs);
        return job;
    }

    /** The global queue bound, and each user's share of it (admins are bounded by the global one only). */
    private void checkQueueRoom(Caller caller) {
        long queued = jobs.countByStatus(JobStatus.QUEUED);
        if (queued >= limits.maxQueuedJobs()) {
            throw new QueueFullException(queued + " jobs are queued, the limit is " + limits.maxQueuedJobs(),
                    Duration.ofSeconds(30));
        }
        if (!caller.admin()) {
            long active = jobs.countByCreatedByAndStatusIn(caller.user(), EnumSet.of(JobStatus.QUEUED, JobStatus.RUNNING));
            if (active >= limits.maxActiveJobsPerUser()) {
                throw new QueueFullException(caller.user() + " has " + active + " queued or running jobs, the limit "
                        + "per user is " + limits.maxActiveJobsPerUser(), Duration.ofSeconds(30));
            }
        }
    }

    /** The privacy a private job plans to spend and has spent; 404 for a job trained without privacy. */
    @Transactional(readOnly = true)
    public PrivacyReport privacy(UUID id, Caller caller) {
        Job job = get(id, caller);
        JobSpec spec = spec(job);
        PrivacySpec privacy = spec.training().privacy();
        if (privacy == null) {
            throw new NotFoundException("job " + id + " trains without privacy: it has no privacy report");
        }
        DatasetInfo dataset = datasets.describe(spec.dataset().id(), spec.dataset().generator(),
                "dataset.id", "dataset.generator");
        return PrivacyReport.of(privacy, (int) (trainRows(dataset, spec) - PrivacyPlan.publicRows(privacy)),
                spec.training().batchSize(), spec.training().epochs(), job.getSteps());
    }

    /** As {@link dev.descent.dataset.DataPreparation} splits them. */
    private static long trainRows(DatasetInfo dataset, JobSpec spec) {
        return dataset.rows() - Math.round(dataset.rows() * spec.dataset().validationSplit());
    }

    /**
     * A step holds its batch's activations through every layer, and evaluation those of {@link Network#CHUNK_ROWS}
     * rows: a wide layer times a large batch could ask for terabytes of off-heap memory, which fails the worker.
     */
    private void checkActivations(JobSpec spec, DatasetInfo dataset, long trainRows, int outputs) {
        long batch = Math.min(spec.training().batchSize(), trainRows);
        long rowsAtOnce = Math.max(batch, Math.min(Network.CHUNK_ROWS, dataset.rows()));
        long perRow = spec.model().valuesPerRow(dataset.features(), outputs);
        if (rowsAtOnce * perRow > limits.maxActivations()) {
            throw new InvalidFieldException(batch == rowsAtOnce ? "training.batchSize" : "model.hiddenLayers",
                    rowsAtOnce + " rows at once × " + perRow + " values per row (inputs, hidden units, outputs) = "
                            + rowsAtOnce * perRow + " activations, more than the limit of " + limits.maxActivations());
        }
    }

    /**
     * DP-SGD privatises the step's batch gradient; its noise must be calibratable, public rows leave private ones, and a
     * private PCA keeps fewer components than there are features and leaves some of the budget to the steps.
     */
    private void checkPrivacy(JobSpec spec, long trainRows, int features, long parameters) {
        PrivacySpec privacy = spec.training().privacy();
        if (privacy == null) {
            return;
        }
        if (!spec.optimizer().usesOnlyTheBatchGradient()) {
            throw new InvalidFieldException("optimizer.type", "this optimizer evaluates gradients beyond the step's "
                    + "batch gradient, which DP-SGD does not privatise; with training.privacy use one of sgd, adam, "
                    + "adamw, amsgrad, adagrad, adagrad-norm, rmsprop, adadelta, signsgd, signum, sgld, eg, frank-wolfe");
        }
        long privateRows = trainRows - PrivacyPlan.publicRows(privacy);
        if (privateRows < 1) {
            throw new InvalidFieldException("training.privacy.projection.publicRows", "leaves no private training "
                    + "rows of " + trainRows);
        }
        // the subspace's basis is rank copies of the model
        if (privacy.projection() != null && privacy.projection().rank() * parameters > limits.maxParameters()) {
            throw new InvalidFieldException("training.privacy.projection.rank", "a basis of " + privacy.projection().rank()
                    + " vectors of " + parameters + " parameters holds more values than the model limit of "
                    + limits.maxParameters());
        }
        if (privacy.pca() != null) {
            checkPca(privacy, features);
        }
        try {
            PrivacyBudget.of(privacy, (int) privateRows, spec.training().batchSize(), spec.training().epochs());
        } catch (UnreachableEpsilonException e) {
            throw new InvalidFieldException("training.privacy.targetEpsilon", e.getMessage());
        }
    }

    private static void checkPca(PrivacySpec privacy, int features) {
        if (features > PrivatePca.MAX_FEATURES) {
            throw new InvalidFieldException("training.privacy.pca", "the dataset has " + features + " features; a "
                    + "private PCA takes at most " + PrivatePca.MAX_FEATURES);
        }
        if (privacy.pca().components() > features) {
            throw new InvalidFieldException("training.privacy.pca.components", "must be at most the dataset's "
                    + features + " features, was " + privacy.pca().components());
        }
        double pcaEpsilon = PrivacyBudget.upFront(privacy).epsilon(privacy.delta());
        if (privacy.targetEpsilon() != null && pcaEpsilon >= privacy.targetEpsilon()) {
            throw new InvalidFieldException("training.privacy.pca.noiseMultiplier", "the PCA alone spends ε = "
                    + pcaEpsilon + " at δ = " + privacy.delta() + ", leaving nothing of targetEpsilon "
                    + privacy.targetEpsilon() + " for the steps; raise pca.noiseMultiplier or the target");
        }
    }

    /** A warm start needs a succeeded job of the caller's with a stored model of the same shape. */
    private void checkWarmStart(UUID initFrom, int features, long parameters, Caller caller) {
        if (initFrom == null) {
            return;
        }
        Job source = visible(initFrom, caller).orElseThrow(() -> new InvalidFieldException("model.initFrom",
                "job " + initFrom + " does not exist"));
        if (source.getModelPath() == null) {
            throw new InvalidFieldException("model.initFrom", "job " + initFrom + " is " + source.getStatus()
                    + " and has no stored model; warm starts need a succeeded job");
        }
        JobSpec sourceSpec = spec(source);
        int sourceFeatures = datasets.describe(sourceSpec.dataset().id(), sourceSpec.dataset().generator(),
                "model.initFrom", "model.initFrom")
                .features();
        if (source.getParameterCount() != parameters || sourceFeatures != features) {
            throw new InvalidFieldException("model.initFrom", "job " + initFrom + " trained " + source.getParameterCount()
                    + " parameters on " + sourceFeatures + " features; this model has " + parameters + " on " + features
                    + ": the layers must match");
        }
    }

    /** A refined schedule, here or after a warm-up, needs a finished job of the caller's with recorded gradient norms. */
    private void checkRefinedSchedule(ScheduleSpec schedule, String field, ScheduleUnit unit, Caller caller) {
        if (schedule instanceof WarmupSchedule warmup) {
            checkRefinedSchedule(warmup.then(), field + ".then", unit, caller);
        }
        if (schedule instanceof RefinedSchedule refined) {
            if (unit != ScheduleUnit.STEP) {
                throw new InvalidFieldException("training.scheduleUnit", "a refined schedule counts steps: "
                        + "scheduleUnit must be step");
            }
            Job source = visible(refined.fromJob(), caller).orElseThrow(() -> new InvalidFieldException(field + ".fromJob",
                    "job " + refined.fromJob() + " does not exist"));
            if (!source.getStatus().isFinished() || history.stepCount(source.getId()) < 2) {
                throw new InvalidFieldException(field + ".fromJob", "job " + source.getId() + " is "
                        + source.getStatus() + " with " + history.stepCount(source.getId())
                        + " recorded gradient norms; a refined schedule needs a finished job with at least 2");
            }
        }
    }

    /** The job, if the caller may see it: someone else's job is answered like one that does not exist (404). */
    @Transactional(readOnly = true)
    public Job get(UUID id, Caller caller) {
        return visible(id, caller).orElseThrow(() -> new NotFoundException("job", id));
    }

    private Optional<Job> visible(UUID id, Caller caller) {
        return jobs.findById(id).filter(job -> caller.mayAccess(job.getCreatedBy()));
    }

    public JobSpec spec(Job job) {
        return json.readValue(job.getSpec(), JobSpec.class);
    }

    /** The caller's jobs; an admin's list holds everyone's. */
    @Transactional(readOnly = true)
    public Page<Job> list(JobStatus status, Pageable page, Caller caller) {
        if (caller.admin()) {
            return status == null ? jobs.findAll(page) : jobs.findByStatus(status, page);
        }
        return status == null ? jobs.findByCreatedBy(caller.user(), page)
                : jobs.findByCreatedByAndStatus(caller.user(), status, page);
    }

    /** A queued job is cancelled at once; a running one stops within one step. */
    public Job cancel(UUID id, Caller caller) {
        Job job = get(id, caller);
        if (job.getStatus() == JobStatus.QUEUED && jobs.cancelQueued(id, Instant.now()) == 1) {
            log.info("job {} cancelled while queued", id);
        } else if (jobs.requestCancel(id) == 1) {
            executor.cancelLocally(id);
            log.info("job {} cancel requested", id);
        } else if (get(id, caller).getStatus().isFinished()) {
            throw new ConflictException("job " + id + " has already finished: " + get(id, caller).getStatus());
        }
        return get(id, caller);
    }

    /**
     * A cancelled job continues from the checkpoint it wrote when it stopped, as if it had never been cancelled. It
     * queues again, so the queue bounds apply.
     */
    public Job resume(UUID id, Caller caller) {
        Job job = get(id, caller);
        checkQueueRoom(caller);
        if (jobs.requeueCancelled(id) != 1) {
            throw new ConflictException("job " + id + " is " + job.getStatus()
                    + (job.getStatus() == JobStatus.CANCELLED ? " without a checkpoint" : "")
                    + "; only a cancelled job with a checkpoint can be resumed");
        }
        log.info("job {} queued again to resume from step {}", id, job.getCheckpointStep());
        return get(id, caller);
    }

    /** Deletes a finished job with its history. */
    @Transactional
    public void delete(UUID id, Caller caller) {
        Job job = get(id, caller);
        if (!job.getStatus().isFinished()) {
            throw new ConflictException("job " + id + " is " + job.getStatus() + "; cancel it before deleting it");
        }
        jobs.delete(job);
        for (String file : new String[] {job.getModelPath(), job.getCheckpointPath()}) {
            if (file != null) {
                models.delete(file);
            }
        }
        log.info("job {} deleted", id);
    }
}
