package dev.descent.job;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.continual.ClassesTask;
import dev.descent.continual.ContinualMethod;
import dev.descent.continual.ContinualReport;
import dev.descent.continual.ContinualSpec;
import dev.descent.dataset.DatasetInfo;
import dev.descent.diagnostics.Diagnostic;
import dev.descent.dataset.DatasetService;
import dev.descent.dataset.Task;
import dev.descent.error.ConflictException;
import dev.descent.error.InUseException;
import dev.descent.diagnostics.DiagnosticsSpec;
import dev.descent.error.InvalidFieldException;
import dev.descent.error.NotFoundException;
import dev.descent.history.HistoryService;
import dev.descent.model.BoostingSpec;
import dev.descent.model.Loss;
import dev.descent.model.ModelSpec;
import dev.descent.dataset.DatasetRef;
import dev.descent.training.AdaptiveBatchSpec;
import dev.descent.training.TrainingSettings;
import dev.descent.model.Model;
import dev.descent.model.ModelSummary;
import dev.descent.model.Shape;
import dev.descent.model.layer.BatchNormSpec;
import dev.descent.model.layer.Conv2dSpec;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.layer.FlattenSpec;
import dev.descent.model.layer.InvalidLayerException;
import dev.descent.model.layer.LayerSpec;
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

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

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
    private final JobAdmission admission;
    private final JobDependants dependants;
    private final QueueWakeups wakeups;
    private final Clock clock;

    public JobService(JobRepository jobs, DatasetService datasets, JobLimits limits, JsonMapper json,
                      JobExecutor executor, HistoryService history, ModelStore models, JobAdmission admission,
                      JobDependants dependants, QueueWakeups wakeups, Clock clock) {
        this.clock = clock;
        this.dependants = dependants;
        this.wakeups = wakeups;
        this.models = models;
        this.admission = admission;
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
        lockReads(spec);
        long parameters = check(spec, caller);
        // the bounds are checked and the job inserted under one lock, held until this transaction commits
        admission.admit(caller);
        return queue(job(spec, parameters, caller));
    }

    /**
     * Queues trial {@code trialNumber} of a sweep, validated as a submission is; admitted through its sweep (whose
     * concurrency counts against the user's share), not one by one.
     *
     * @param pauseAfterEpoch the rung the trial stops at, checkpointed (PAUSED), or null to train to the end
     */
    @Transactional
    public Job submitTrial(JobSpec spec, Caller caller, Trial trial, Integer pauseAfterEpoch) {
        lockReads(spec);
        long parameters = check(spec, caller);
        return queue(job(spec, parameters, caller).trialOf(trial.sweepId(), trial.number(), json.writeValueAsString(trial.assignment()), pauseAfterEpoch));
    }

    /** A new job of the caller's: the spec's settings, and its project and tags kept beside them. */
    private Job job(JobSpec spec, long parameters, Caller caller) {
        return new Job(UUID.randomUUID(), spec.name(), spec.dataset().id(), typeName(spec.optimizer()),
                json.writeValueAsString(spec.settings()), parameters, spec.training().totalEpochs(), clock.instant(),
                caller.user()).label(new JobLabels(spec.project(), spec.tags()));
    }

    /** The type a spec is written with in JSON (its family's discriminator). */
    private static String typeName(Object spec) {
        return spec.getClass().getAnnotation(JsonTypeName.class).value();
    }

    private Job queue(Job job) {
        Job saved = jobs.save(job);
        wakeups.queued();
        log.info("job {} queued for {}: dataset {}, {} parameters, {} epochs", saved.getId(), saved.getCreatedBy(),
                saved.getDatasetId(), saved.getParameterCount(), saved.getEpochs());
        return saved;
    }

    /** Taken first, in this order, by every submission: the deletion of a record the job reads waits for it. */
    private void lockReads(JobSpec spec) {
        datasets.lockUpload(spec.dataset().id());
        lockSources(spec);
    }

    /**
     * Checks a spec against the catalogs and limits as a submission does, queueing nothing: 422 naming the field that
     * does not fit. Returns the model's parameter count on the spec's dataset.
     */
    @Transactional(readOnly = true)
    public long check(JobSpec spec, Caller caller) {
        DatasetInfo dataset = datasets.describe(caller, spec.dataset().id(), spec.dataset().generator(), "dataset.id",
                "dataset.generator");
        if (spec.model().loss() != null && spec.model().loss().task() != dataset.task()) {
            throw new InvalidFieldException("model.loss", "a " + spec.model().loss().task().id() + " loss cannot train "
                    + "the " + dataset.task().id() + " dataset '" + dataset.id() + "'");
        }
        checkBoosting(spec);
        checkTrAct(spec);
        ModelSummary summary = summary(spec.model(), spec.training().modelInput(dataset.inputShape()),
                outputs(dataset));
        long parameters = summary.parameterCount();
        if (parameters > limits.maxParameters()) {
            throw new InvalidFieldException(layersField(spec.model()), "the model has " + parameters
                    + " parameters on this dataset, more than the limit of " + limits.maxParameters());
        }
        int epochs = spec.training().totalEpochs();
        if (epochs > limits.maxEpochs()) {
            throw new InvalidFieldException("training.epochs", (spec.training().continual() != null
                    ? "epochs × tasks " : "") + "must be at most " + limits.maxEpochs() + ", was " + epochs);
        }
        long trainRows = trainRows(dataset, spec);
        if (trainRows < 1) {
            throw new InvalidFieldException("dataset.validationSplit", "leaves no training rows of " + dataset.rows());
        }
        if (epochs * trainRows > limits.maxEpochRows()) {
            throw new InvalidFieldException("training.epochs", "epochs × training rows = " + epochs * trainRows
                    + ", more than the limit of " + limits.maxEpochRows());
        }
        checkActivations(spec, dataset, trainRows, summary);
        checkRefinedSchedule(spec.training().schedule(), "training.schedule", "training.scheduleUnit",
                spec.training().scheduleUnit(), caller);
        checkPrivacy(spec, trainRows, dataset.features(), parameters);
        checkDiagnostics(spec);
        checkAugmentation(spec);
        checkAdaptiveBatch(spec);
        checkContinual(spec, dataset, parameters);
        checkWarmStart(spec, summary, caller);
        if (spec.training().earlyStopping() != null && spec.training().earlyStopping().needsValidation()
                && trainRows == dataset.rows()) {
            throw new InvalidFieldException("training.earlyStopping.metric", spec.training().earlyStopping().metric()
                    + " needs validation rows: dataset.validationSplit " + spec.dataset().validationSplit() + " of "
                    + dataset.rows() + " rows leaves none");
        }
        return parameters;
    }

    /**
     * Locks the rows of the jobs the spec reads from until the submission commits (see {@link JobRepository#lockById}),
     * in id order, so that two submissions never wait for each other.
     */
    private void lockSources(JobSpec spec) {
        Stream.of(spec.model().initFrom(), RefinedSchedule.sourceOf(spec.training().schedule()).orElse(null))
                .filter(Objects::nonNull).distinct().sorted().forEach(jobs::lockById);
    }

    /** A continual job's task × task accuracy matrix so far; 404 for a job trained on one task. */
    @Transactional(readOnly = true)
    public ContinualReport continual(UUID id, Caller caller) {
        ContinualSpec continual = spec(get(id, caller)).training().continual();
        if (continual == null) {
            throw new NotFoundException("job " + id + " trains on one task: it has no continual report");
        }
        return ContinualReport.of(continual, history.diagnosticPoints(id, Diagnostic.TASK_ACCURACY));
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

    /** The network's output units: one per class, or one value. */
    private static int outputs(DatasetInfo dataset) {
        return dataset.task() == Task.CLASSIFICATION ? dataset.classNames().size() : 1;
    }

    /** As {@link dev.descent.dataset.DataPreparation} splits them. */
    private static long trainRows(DatasetInfo dataset, JobSpec spec) {
        return dataset.rows() - Math.round(dataset.rows() * spec.dataset().validationSplit());
    }

    /**
     * The model's layers on a dataset, as a job would train them, without queuing anything: each layer's shapes,
     * parameters and FLOPs, or 422 naming the layer that cannot take its input.
     */
    @Transactional(readOnly = true)
    public ModelSummary summary(DatasetRef datasetRef, ModelSpec model, TrainingSettings training, Caller caller) {
        DatasetInfo dataset = datasets.describe(caller, datasetRef.id(), datasetRef.generator(), "dataset.id",
                "dataset.generator");
        return summary(model, training != null ? training.modelInput(dataset.inputShape()) : dataset.inputShape(),
                outputs(dataset));
    }

    /** The model's layers on the dataset's rows (after a private PCA, its components), or 422 naming the layer. */
    private static ModelSummary summary(ModelSpec model, Shape input, int outputs) {
        try {
            return model.summary(input, outputs);
        } catch (InvalidLayerException e) {
            throw new InvalidFieldException(e.field() != null ? e.field() : layersField(model), e.reason());
        }
    }

    /** Where the client wrote the model's layers. */
    private static String layersField(ModelSpec model) {
        if (model.boosting() != null) {
            return "model.boosting";
        }
        return model.layers() != null ? "model.layers" : "model.hiddenLayers";
    }

    /**
     * A step holds its batch's activations through every layer, and evaluation those of {@link Model#chunkRows(long)}
     * rows: a wide layer times a large batch could ask for terabytes of off-heap memory, which fails the worker.
     */
    private void checkActivations(JobSpec spec, DatasetInfo dataset, long trainRows, ModelSummary summary) {
        long batch = Math.min(spec.training().batchSize(), trainRows);
        long perRow = summary.valuesPerExample();
        long rowsAtOnce = Math.max(batch, Math.min(Model.chunkRows(perRow), dataset.rows()));
        if (rowsAtOnce * perRow > limits.maxActivations()) {
            throw new InvalidFieldException(batch == rowsAtOnce ? "training.batchSize" : layersField(spec.model()),
                    rowsAtOnce + " rows at once × " + perRow + " values per row (inputs, every layer's outputs) = "
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
        spec.model().fieldsOf(BatchNormSpec.class).stream().findFirst().ifPresent(field -> {
            throw new InvalidFieldException(field, "batch-norm normalises each example by its batch's statistics, so "
                    + "one example's gradient depends on the others and DP-SGD's per-example clipping bounds nothing: "
                    + "use layer-norm with training.privacy");
        });
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

    /**
     * A boosted model makes its one hidden layer itself, in stages of the epochs the run has, with the task's own
     * loss (whose pseudo-residuals and Newton step docs/methods.md states); what belongs to one network trained as a
     * whole (privacy over all the steps, early stopping, diagnostics, a warm start) does not apply to its stages.
     */
    private static void checkBoosting(JobSpec spec) {
        BoostingSpec boosting = spec.model().boosting();
        if (boosting == null) {
            return;
        }
        ModelSpec model = spec.model();
        if (model.layers() != null && !model.layers().isEmpty()
                || model.hiddenLayers() != null && !model.hiddenLayers().isEmpty()) {
            throw new InvalidFieldException(model.layers() != null ? "model.layers" : "model.hiddenLayers",
                    "a boosted model's hidden layer is made by its stages: omit the layers with model.boosting");
        }
        if ((long) boosting.stages() * boosting.unitsPerStage() > BoostingSpec.MAX_HIDDEN_UNITS) {
            throw new InvalidFieldException("model.boosting.unitsPerStage", "stages × unitsPerStage = "
                    + (long) boosting.stages() * boosting.unitsPerStage() + " hidden units, more than " + BoostingSpec.MAX_HIDDEN_UNITS);
        }
        if (spec.training().epochs() != boosting.epochs()) {
            throw new InvalidFieldException("training.epochs", "a boosted model trains stages × epochsPerStage = "
                    + boosting.stages() + " × " + boosting.epochsPerStage() + " = " + boosting.epochs() + " epochs, was " + spec.training().epochs());
        }
        if (model.loss() != null) {
            throw new InvalidFieldException("model.loss", "boosting fits the pseudo-residuals of the task's own loss "
                    + "(cross-entropy or mse): omit model.loss with model.boosting");
        }
        if (model.firstLayer() != null) {
            throw new InvalidFieldException("model.firstLayer", "a boosted model's stages train networks of their "
                    + "own: omit model.firstLayer with model.boosting");
        }
        if (model.initFrom() != null) {
            throw new InvalidFieldException("model.initFrom", "a boosted model starts from the constant that "
                    + "minimises the loss, not from another job's weights");
        }
        if (spec.training().privacy() != null) {
            throw new InvalidFieldException("model.boosting", "DP-SGD's privacy is accounted for one network trained "
                    + "on all its steps, not for stages fitted to residuals: train without training.privacy");
        }
        if (spec.training().earlyStopping() != null) {
            throw new InvalidFieldException("training.earlyStopping", "a boosted model's length is its stages: use "
                    + "predict or evaluate with fewer stages instead of early stopping");
        }
        if (spec.training().diagnostics().any()) {
            throw new InvalidFieldException("training.diagnostics", "diagnostics follow one network trained as a "
                    + "whole; a boosted model's stages train networks of their own");
        }
    }

    /**
     * TrAct trains the weights that multiply the model's inputs: a first layer that is dense or conv2d. Its step
     * depends on the whole batch's inputs, which DP-SGD's per-example bound does not cover.
     */
    private static void checkTrAct(JobSpec spec) {
        if (spec.model().tract() == null) {
            return;
        }
        List<LayerSpec> layers = spec.model().layerSpecs();
        if (!layers.isEmpty() && !(layers.get(0) instanceof DenseSpec || layers.get(0) instanceof Conv2dSpec)) {
            throw new InvalidFieldException("model.firstLayer.tract", "trains a first layer whose weights multiply "
                    + "the inputs: " + layersField(spec.model()) + "[0] must be dense or conv2d, was '"
                    + typeName(layers.get(0)) + "'");
        }
        if (spec.training().privacy() != null) {
            throw new InvalidFieldException("model.firstLayer.tract", "its step on the first layer depends on the "
                    + "whole batch's inputs, which DP-SGD's per-example clipping does not bound: train without "
                    + "training.privacy");
        }
    }

    /**
     * What needs each example's own gradient (to {@code use} it) refuses batch-norm and TrAct, 422 naming
     * {@code field}.
     */
    private static void requireExampleGradients(JobSpec spec, String field, String use) {
        spec.model().fieldsOf(BatchNormSpec.class).stream().findFirst().ifPresent(layer -> {
            throw new InvalidFieldException(field, "the batch-norm layer " + layer + " normalises each example by its "
                    + "batch's statistics, so examples have no gradients of their own to " + use + ": use layer-norm");
        });
        if (spec.model().tract() != null) {
            throw new InvalidFieldException(field, "model.firstLayer.tract makes the first layer's gradient a function "
                    + "of the whole batch's inputs, so examples have no gradients of their own to " + use);
        }
    }

    /**
     * A continual run measures each task's accuracy, so it needs classes; a task of classes names the dataset's.
     * Orthogonal gradient descent keeps each example's output gradient, which batch-norm and TrAct do not give, and
     * its basis within the limit; DP-SGD's accountant plans one pass over the dataset, not tasks that see it again,
     * and a boosted model grows in stages of its own.
     */
    private void checkContinual(JobSpec spec, DatasetInfo dataset, long parameters) {
        ContinualSpec continual = spec.training().continual();
        if (continual == null) {
            return;
        }
        if (dataset.task() != Task.CLASSIFICATION) {
            throw new InvalidFieldException("training.continual", "records each task's accuracy, so it needs a "
                    + "classification dataset; '" + dataset.id() + "' is " + dataset.task().id());
        }
        for (int t = 0; t < continual.tasks().size(); t++) {
            if (continual.tasks().get(t) instanceof ClassesTask classes) {
                for (String name : classes.classes()) {
                    if (!dataset.classNames().contains(name)) {
                        throw new InvalidFieldException("training.continual.tasks[" + t + "].classes", "'" + name
                                + "' is not a class of '" + dataset.id() + "', whose classes are "
                                + dataset.classNames());
                    }
                }
            }
        }
        if (spec.training().privacy() != null) {
            throw new InvalidFieldException("training.continual", "DP-SGD's privacy is accounted for one run over "
                    + "the dataset, not for tasks that train on its rows again: train without training.privacy");
        }
        if (spec.model().boosting() != null) {
            throw new InvalidFieldException("training.continual", "a boosted model grows in stages of its own: "
                    + "train without model.boosting");
        }
        if (continual.method() == ContinualMethod.OGD) {
            requireExampleGradients(spec, "training.continual.method", "keep");
            long basis = (long) continual.memoryPerTask() * (continual.tasks().size() - 1) * parameters;
            if (basis > limits.maxOrthogonalBasis()) {
                throw new InvalidFieldException("training.continual.memoryPerTask", "keeps memoryPerTask × (tasks − "
                        + "1) × parameters = " + basis + " values, more than the limit of "
                        + limits.maxOrthogonalBasis());
            }
        }
    }

    /**
     * Growing batches test per-example gradients, which batch-norm does not have, and DP-SGD's accountant needs the
     * sampling rate it was planned for; the largest batch is at least the first.
     */
    private static void checkAdaptiveBatch(JobSpec spec) {
        AdaptiveBatchSpec adaptive = spec.training().adaptiveBatch();
        if (adaptive == null) {
            return;
        }
        if (spec.training().privacy() != null) {
            throw new InvalidFieldException("training.adaptiveBatch", "DP-SGD's privacy is accounted for the batch "
                    + "size it was planned with: train without training.privacy or with a fixed batch size");
        }
        requireExampleGradients(spec, "training.adaptiveBatch", "test");
        if (adaptive.maxBatchSize() < spec.training().batchSize()) {
            throw new InvalidFieldException("training.adaptiveBatch.maxBatchSize", "must be at least "
                    + "training.batchSize (" + spec.training().batchSize() + "), was " + adaptive.maxBatchSize());
        }
    }

    /**
     * A mixed example carries two rows, which DP-SGD's per-example bound does not cover; and mixing the targets gives
     * the mixup loss only for a loss linear in its target, or the squared error (docs/methods.md).
     */
    private static void checkAugmentation(JobSpec spec) {
        if (spec.training().augmentation() == null) {
            return;
        }
        if (spec.training().privacy() != null) {
            throw new InvalidFieldException("training.augmentation", "a mixed example carries two rows, which "
                    + "DP-SGD's per-example bound does not cover: train without training.privacy or without mixing");
        }
        Loss loss = spec.model().loss();
        if (loss != null && !(loss instanceof Loss.CrossEntropy || loss instanceof Loss.LabelSmoothing
                || loss instanceof Loss.MeanSquaredError)) {
            throw new InvalidFieldException("training.augmentation", "mixes targets, which gives λ·L(y) + (1 − λ)·"
                    + "L(y[perm]) only for cross-entropy, label-smoothing or mse, not for the loss '"
                    + typeName(loss) + "'");
        }
    }

    /**
     * Coherence needs per-example gradients, which batch-norm does not have; clipping statistics need clipping; and
     * suboptimality needs a convex problem (docs/diagnostics.md).
     */
    private static void checkDiagnostics(JobSpec spec) {
        DiagnosticsSpec diagnostics = spec.training().diagnostics();
        if (diagnostics.coherence() != null) {
            requireExampleGradients(spec, "training.diagnostics.coherence", "compare");
        }
        if (diagnostics.clipping() != null && spec.training().privacy() == null) {
            throw new InvalidFieldException("training.diagnostics.clipping", "records what DP-SGD's clipping does: "
                    + "it needs training.privacy");
        }
        if (diagnostics.suboptimality() != null) {
            if (!spec.model().layerSpecs().stream().allMatch(FlattenSpec.class::isInstance)) {
                throw new InvalidFieldException("training.diagnostics.suboptimality", "needs a convex problem: the "
                        + "model has hidden layers, whose training loss is not convex (use layers [] for a linear "
                        + "model)");
            }
            if (spec.model().loss() != null && !spec.model().loss().convex()) {
                throw new InvalidFieldException("training.diagnostics.suboptimality", "needs a convex problem: the "
                        + "loss is not convex in the model's output (use cross-entropy, label-smoothing, mse or "
                        + "huber)");
            }
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

    /**
     * A warm start needs a succeeded job of the caller's with a stored model of the same shape: layer by layer the
     * same widths (equal parameter counts are not enough: 4→2→3 and 4→2→1→3 have 19 each).
     */
    private void checkWarmStart(JobSpec spec, ModelSummary asked, Caller caller) {
        UUID initFrom = spec.model().initFrom();
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
        DatasetInfo sourceDataset = datasets.describe(sourceSpec.dataset().id(), sourceSpec.dataset().generator(),
                "model.initFrom", "model.initFrom");
        String trained = shapes(summary(sourceSpec.model(),
                sourceSpec.training().modelInput(sourceDataset.inputShape()), outputs(sourceDataset)));
        if (!trained.equals(shapes(asked))) {
            throw new InvalidFieldException("model.initFrom", "job " + initFrom + " trained layers of shapes "
                    + trained + " (input to output, each layer's parameters in parentheses); this model's are "
                    + shapes(asked) + ": the layers must match");
        }
    }

    /** A model's shape at each layer boundary and each layer's parameter count: what a warm start must match. */
    private static String shapes(ModelSummary summary) {
        StringBuilder shapes = new StringBuilder(summary.input().toString());
        summary.layers().forEach(row -> shapes.append(" → ").append(row.output()).append(" (")
                .append(row.parameters()).append(")"));
        return shapes.toString();
    }

    /** A refined schedule, here or after a warm-up, needs a finished job of the caller's with recorded gradient norms. */
    void checkRefinedSchedule(ScheduleSpec schedule, String field, String unitField, ScheduleUnit unit,
                              Caller caller) {
        if (schedule instanceof WarmupSchedule warmup) {
            checkRefinedSchedule(warmup.then(), field + ".then", unitField, unit, caller);
        }
        if (schedule instanceof RefinedSchedule refined) {
            if (unit != ScheduleUnit.STEP) {
                throw new InvalidFieldException(unitField, "a refined schedule counts steps: the unit must be step");
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

    /** A sweep's trials, by trial number. */
    @Transactional(readOnly = true)
    public List<Job> trials(UUID sweepId) {
        return jobs.findBySweepIdOrderByTrialNumber(sweepId);
    }

    /** Queues a paused trial again, to train on to {@code pauseAfterEpoch} (null: to its end) from its checkpoint. */
    @Transactional
    public void promote(UUID id, Integer pauseAfterEpoch) {
        if (jobs.promote(id, pauseAfterEpoch) == 1) {
            wakeups.queued();
            log.info("job {} promoted by its sweep: queued to resume{}", id,
                    pauseAfterEpoch != null ? " up to epoch " + pauseAfterEpoch : "");
        }
    }

    /** Ends a paused trial where it stands: CANCELLED, keeping its checkpoint, for {@code reason}. */
    @Transactional
    public void stopPaused(UUID id, String reason) {
        if (jobs.stopPaused(id, reason, clock.instant()) == 1) {
            log.info("job {} CANCELLED: {}", id, reason);
        }
    }

    /** A sweep trial's place in its sweep; null for a job submitted on its own. */
    public Trial trial(Job job) {
        return job.getSweepId() == null ? null : new Trial(job.getSweepId(), job.getTrialNumber(),
                json.readValue(job.getTrialAssignment(), Trial.ASSIGNMENT));
    }

    /** The caller's jobs that pass the filter (an admin's list holds everyone's). */
    @Transactional(readOnly = true)
    public Page<Job> list(JobFilter filter, Pageable page, Caller caller) {
        return jobs.findAll(filter.specification(caller), page);
    }

    /** Changes the job's project or tags, the fields {@code labels} leaves out kept as they are. */
    @Transactional
    public Job label(UUID id, JobLabels labels, Caller caller) {
        return jobs.save(get(id, caller).label(labels));
    }

    /**
     * A queued job is cancelled at once; a running one stops within one step. The job may pass from running to
     * queued and back while this runs (its lease lapsed and it is claimed anew), so both are tried until one holds.
     */
    public Job cancel(UUID id, Caller caller) {
        while (true) {
            JobStatus status = get(id, caller).getStatus();
            if (status.isFinished()) {
                throw new ConflictException("job " + id + " has already finished: " + status);
            }
            if (jobs.cancelQueued(id, clock.instant()) == 1) {
                log.info("job {} cancelled while queued", id);
                return get(id, caller);
            }
            if (jobs.requestCancel(id) == 1) {
                executor.cancelLocally(id);
                log.info("job {} cancel requested", id);
                return get(id, caller);
            }
        }
    }

    /**
     * A cancelled job continues from the checkpoint it wrote when it stopped, as if it had never been cancelled. It
     * queues again, so the queue bounds apply, as to a submission.
     */
    @Transactional
    public Job resume(UUID id, Caller caller) {
        Job job = get(id, caller);
        admission.admit(caller);
        if (jobs.requeueCancelled(id) != 1) {
            throw new ConflictException("job " + id + " is " + job.getStatus()
                    + (job.getStatus() == JobStatus.CANCELLED ? " without a checkpoint" : "")
                    + "; only a cancelled job with a checkpoint can be resumed");
        }
        wakeups.queued();
        log.info("job {} queued again to resume from step {}", id, job.getCheckpointStep());
        return get(id, caller);
    }

    /**
     * Deletes a finished job with its history, unless jobs that will still run warm-start from it or refine their
     * schedule from it (409 naming them); its files go once the deletion has committed.
     */
    @Transactional
    public void delete(UUID id, Caller caller) {
        jobs.lockById(id);
        Job job = get(id, caller);
        if (!job.getStatus().isFinished()) {
            throw new ConflictException("job " + id + " is " + job.getStatus() + "; cancel it before deleting it");
        }
        List<UUID> readers = dependants.readingFrom(id);
        if (!readers.isEmpty()) {
            throw new InUseException("job " + id, "warm-started from or refined from", readers);
        }
        jobs.delete(job);
        models.deleteAfterCommit(Stream.of(job.getModelPath(), job.getCheckpointPath()).filter(Objects::nonNull)
                .toList());
        log.info("job {} deleted", id);
    }
}
