package dev.descent.scoring;

import dev.descent.dataset.DataPreparation;
import dev.descent.dataset.Dataset;
import dev.descent.dataset.DatasetInfo;
import dev.descent.dataset.DatasetRef;
import dev.descent.dataset.DatasetService;
import dev.descent.dataset.Task;
import dev.descent.diagnostics.ScoreMethod;
import dev.descent.error.ConflictException;
import dev.descent.error.InvalidFieldException;
import dev.descent.error.NotFoundException;
import dev.descent.error.QueueFullException;
import dev.descent.job.Job;
import dev.descent.job.JobRepository;
import dev.descent.job.JobService;
import dev.descent.job.JobSpec;
import dev.descent.job.JobStatus;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.layer.BatchNormSpec;
import dev.descent.security.Caller;
import dev.descent.store.ModelArtifact;
import dev.descent.store.ModelStore;
import dev.descent.training.TrainingSettings;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Per-example scoring (docs/scores.md). A scoring's k trainings are ordinary jobs, submitted with it in one
 * transaction: the job queue already makes them durable, leased, resumable from checkpoints after a server dies and
 * bounded per user. What the scoring adds, scoring every row under each trained model and averaging, is a pure
 * function of the stored models and the dataset, so any server may compute it once every run has succeeded, and a
 * server that dies while computing loses nothing: another computes it again. One conditional write records it.
 */
@Service
public class ScoringService {

    private static final Logger log = LoggerFactory.getLogger(ScoringService.class);
    private static final Duration RETRY_WHEN_BUSY = Duration.ofSeconds(1);
    private static final Duration RETRY_WHEN_FULL = Duration.ofSeconds(30);

    private final Clock clock;
    private final ScoringRepository scorings;
    private final JobService jobService;
    private final JobRepository jobs;
    private final DatasetService datasets;
    private final ModelStore store;
    private final ScoringProperties properties;
    private final JsonMapper json;
    private final JdbcTemplate jdbc;

    public ScoringService(ScoringRepository scorings, JobService jobService, JobRepository jobs,
                          DatasetService datasets, ModelStore store, ScoringProperties properties, JsonMapper json,
                          JdbcTemplate jdbc, Clock clock) {
        this.scorings = scorings;
        this.clock = clock;
        this.jobService = jobService;
        this.jobs = jobs;
        this.datasets = datasets;
        this.store = store;
        this.properties = properties;
        this.json = json;
        this.jdbc = jdbc;
    }

    /**
     * Validates the request as a job's (422 naming the field) and queues its runs with it. The caller's running
     * scorings are counted and the new one inserted under one lock, as {@link dev.descent.job.JobAdmission} does
     * for jobs.
     */
    @Transactional
    public Scoring submit(String datasetId, ScoringRequest request, Caller caller) {
        DatasetInfo dataset = datasets.info(datasetId, caller);
        if (request.method() == ScoreMethod.EL2N && dataset.task() != Task.CLASSIFICATION) {
            throw new InvalidFieldException("method", "el2n compares class probabilities with the label; '"
                    + datasetId + "' is a " + dataset.task().id() + " dataset: use grand");
        }
        if (request.method() == ScoreMethod.GRAND) {
            request.model().fieldsOf(BatchNormSpec.class).stream().findFirst().ifPresent(field -> {
                throw new InvalidFieldException(field, "batch-norm mixes a batch's examples, so an example's own "
                        + "gradient is not defined: use layer-norm with grand");
            });
        }
        if (request.initializations() > properties.maxInitializations()) {
            throw new InvalidFieldException("initializations", "must be at most "
                    + properties.maxInitializations() + ", was " + request.initializations());
        }
        admit(caller);
        UUID id = UUID.randomUUID();
        List<UUID> runs = new ArrayList<>();
        for (int i = 0; i < request.initializations(); i++) {
            runs.add(submitRun(id, datasetId, request, i, caller).getId());
        }
        Scoring scoring = scorings.save(new Scoring(id, datasetId, request.method().id(),
                json.writeValueAsString(request), runs, clock.instant(), caller.user()));
        log.info("scoring {} queued for {}: {} of dataset {}, {} runs", id, caller.user(), request.method().id(),
                datasetId, runs.size());
        return scoring;
    }

    private void admit(Caller caller) {
        try {
            jdbc.queryForList("select name from admission_locks where name = 'scorings' for update", String.class);
        } catch (TransientDataAccessException e) {
            throw new QueueFullException("too many scorings submitted at once; retry", RETRY_WHEN_BUSY);
        }
        long running = scorings.countByCreatedByAndStatus(caller.user(), ScoringStatus.RUNNING);
        if (running >= properties.maxRunningPerUser()) {
            throw new QueueFullException(caller.user() + " has " + running + " running scorings, the limit per user "
                    + "is " + properties.maxRunningPerUser(), RETRY_WHEN_FULL);
        }
    }

    /** Run i: a job on every row of the dataset (no validation split), seeded seed + i. */
    private Job submitRun(UUID scoring, String datasetId, ScoringRequest request, int i, Caller caller) {
        JobSpec spec = new JobSpec("scoring " + scoring + ": run " + (i + 1) + " of " + request.initializations(),
                new DatasetRef(datasetId, 0.0, 0L, true, null), request.model(), request.optimizer(),
                new TrainingSettings(request.epochs(), request.batchSize(), request.seed() + i));
        try {
            return jobService.submit(spec, caller);
        } catch (InvalidFieldException e) {
            // the request's epochs and batchSize are the job's training.epochs and training.batchSize
            String reason = e.getMessage().substring(e.field().length() + 2);
            throw new InvalidFieldException(e.field().replaceFirst("^training\\.", ""), reason);
        }
    }

    /** The scoring, if the caller may see it: someone else's is answered like one that does not exist (404). */
    @Transactional(readOnly = true)
    public Scoring get(UUID id, Caller caller) {
        return scorings.findById(id).filter(s -> caller.mayAccess(s.getCreatedBy()))
                .orElseThrow(() -> new NotFoundException("scoring", id));
    }

    public ScoringRequest request(Scoring scoring) {
        return json.readValue(scoring.getRequest(), ScoringRequest.class);
    }

    /** The fraction of its runs' epochs trained: 1 once it has succeeded. */
    @Transactional(readOnly = true)
    public double progress(Scoring scoring) {
        if (scoring.getStatus() == ScoringStatus.SUCCEEDED) {
            return 1;
        }
        List<Job> runs = jobs.findAllById(scoring.getJobIds());
        long done = runs.stream().mapToLong(job -> Math.min(job.getCurrentEpoch(), job.getEpochs())).sum();
        long total = runs.stream().mapToLong(Job::getEpochs).sum();
        return total > 0 ? (double) done / total : 0;
    }

    /** Every row's score; 409 unless the scoring has succeeded. */
    @Transactional(readOnly = true)
    public RowScores scores(UUID id, Caller caller) {
        Scoring scoring = get(id, caller);
        if (scoring.getStatus() != ScoringStatus.SUCCEEDED) {
            throw new ConflictException("scoring " + id + " is " + scoring.getStatus() + "; scores exist once it "
                    + "has succeeded");
        }
        return RowScores.decode(scoring.getScores());
    }

    /**
     * A new dataset of the caller's with the rows a succeeded scoring of {@code datasetId} chooses, in the dataset's
     * order, its description saying which scores and which rule chose them.
     */
    public DatasetInfo subset(String datasetId, SubsetRequest request, Caller caller) {
        datasets.info(datasetId, caller);
        Scoring scoring = get(request.scores(), caller);
        if (!scoring.getDatasetId().equals(datasetId)) {
            throw new InvalidFieldException("scores", "scoring " + scoring.getId() + " scored '"
                    + scoring.getDatasetId() + "', not '" + datasetId + "'");
        }
        if (scoring.getStatus() != ScoringStatus.SUCCEEDED) {
            throw new InvalidFieldException("scores", "scoring " + scoring.getId() + " is " + scoring.getStatus()
                    + "; a subset needs a succeeded one");
        }
        RowScores scores = RowScores.decode(scoring.getScores());
        int n = scores.rows();
        int kept = (int) Math.max(1, Math.round(request.fraction() * n));
        int[] order = switch (request.keep()) {
            case HARDEST -> scores.rowsByRank();
            case EASIEST -> reversed(scores.rowsByRank());
            case RANDOM -> DataPreparation.permutation(n, request.seed());
        };
        int[] rows = java.util.Arrays.copyOf(order, kept);
        java.util.Arrays.sort(rows);
        Dataset source = datasets.load(datasetId, null);
        if (source.rows() != n) {
            throw new InvalidFieldException("scores", "'" + datasetId + "' has " + source.rows() + " rows; scoring "
                    + scoring.getId() + " scored " + n);
        }
        ScoringRequest scored = request(scoring);
        String provenance = request.keep().id() + " " + kept + " of " + n + " rows"
                + (request.keep() == SubsetRequest.Keep.RANDOM ? " (seed " + request.seed() + ")" : "")
                + " of " + datasetId + " by " + scoring.getMethod() + " scoring " + scoring.getId() + " ("
                + scored.epochs() + " epochs, " + scored.initializations() + " initializations)";
        DatasetInfo subset = datasets.storeSubset(source, rows, request.name() != null
                ? request.name() + ": " + provenance : provenance, caller);
        log.info("dataset {} made for {}: {}", subset.id(), caller.user(), provenance);
        return subset;
    }

    private static int[] reversed(int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[rows.length - 1 - i];
        }
        return out;
    }

    /** Stops a running scoring and cancels its runs that have not finished. */
    public Scoring cancel(UUID id, Caller caller) {
        Scoring scoring = get(id, caller);
        if (scorings.stop(id, ScoringStatus.CANCELLED, "cancelled", clock.instant()) != 1) {
            throw new ConflictException("scoring " + id + " has already finished: " + scoring.getStatus());
        }
        for (UUID run : scoring.getJobIds()) {
            jobs.findById(run).filter(job -> !job.getStatus().isFinished()).ifPresent(job -> {
                try {
                    jobService.cancel(run, caller);
                } catch (ConflictException finishedMeanwhile) {
                    // it finished on its own: nothing to cancel
                }
            });
        }
        log.info("scoring {} cancelled", id);
        return get(id, caller);
    }

    /** Deletes a finished scoring with its runs' jobs (409 while it runs: cancel it first). */
    @Transactional
    public void delete(UUID id, Caller caller) {
        Scoring scoring = get(id, caller);
        if (!scoring.getStatus().isFinished()) {
            throw new ConflictException("scoring " + id + " is RUNNING; cancel it before deleting it");
        }
        for (UUID run : scoring.getJobIds()) {
            if (jobs.existsById(run)) {
                jobService.delete(run, caller);
            }
        }
        scorings.delete(scoring);
        log.info("scoring {} deleted", id);
    }

    /** Finishes every running scoring whose runs have all finished (see {@link ScoringFinisher}). */
    void finishRunning() {
        for (UUID id : scorings.findRunningIds()) {
            scorings.findById(id).filter(s -> s.getStatus() == ScoringStatus.RUNNING).ifPresent(this::finish);
        }
    }

    private void finish(Scoring scoring) {
        List<UUID> ids = scoring.getJobIds();
        List<Job> runs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Optional<Job> run = jobs.findById(ids.get(i));
            String what = "run " + (i + 1) + " (job " + ids.get(i) + ")";
            if (run.isEmpty()) {
                stop(scoring, ScoringStatus.FAILED, what + " was deleted before it was scored");
                return;
            }
            JobStatus status = run.get().getStatus();
            if (status == JobStatus.FAILED || status == JobStatus.CANCELLED) {
                stop(scoring, status == JobStatus.FAILED ? ScoringStatus.FAILED : ScoringStatus.CANCELLED,
                        what + " is " + status + (run.get().getError() != null ? ": " + run.get().getError() : ""));
                return;
            }
            runs.add(run.get());
        }
        if (runs.stream().anyMatch(run -> run.getStatus() != JobStatus.SUCCEEDED)) {
            return;
        }
        double[] mean;
        try {
            mean = meanScores(ScoreMethod.of(scoring.getMethod()), runs);
        } catch (RuntimeException e) {
            // the dataset or a model went away between the runs and their scoring
            stop(scoring, ScoringStatus.FAILED, "scoring the trained models failed: " + e.getMessage());
            return;
        }
        if (scorings.succeed(scoring.getId(), mean.length, RowScores.encode(mean), clock.instant()) == 1) {
            log.info("scoring {} succeeded: {} rows", scoring.getId(), mean.length);
        }
    }

    private void stop(Scoring scoring, ScoringStatus status, String reason) {
        if (scorings.stop(scoring.getId(), status, reason, clock.instant()) == 1) {
            log.info("scoring {} {}: {}", scoring.getId(), status, reason);
        }
    }

    /** The mean over the runs of each row's score under the run's trained model. */
    private double[] meanScores(ScoreMethod method, List<Job> runs) {
        double[] mean = null;
        for (Job run : runs) {
            double[] scores = scores(method, run);
            if (mean == null) {
                mean = new double[scores.length];
            }
            for (int i = 0; i < scores.length; i++) {
                mean[i] += scores[i] / runs.size();
            }
        }
        return mean;
    }

    /**
     * Each row of the run's dataset scored under its model, {@link Model#chunkRows()} rows at a time: scaled (and
     * projected) as in training, with the targets it trained on and its loss.
     */
    private double[] scores(ScoreMethod method, Job run) {
        JobSpec spec = jobService.spec(run);
        ModelArtifact artifact = store.load(run.getModelPath());
        Dataset data = datasets.load(spec.dataset().id(), spec.dataset().generator());
        Model network = artifact.network();
        Loss loss = spec.model().loss() != null ? spec.model().loss() : Loss.forTask(data.task());
        int d = data.features();
        double[] scores = new double[data.rows()];
        for (int start = 0; start < data.rows(); start += network.chunkRows()) {
            int end = Math.min(data.rows(), start + network.chunkRows());
            double[] raw = new double[(end - start) * d];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = data.x()[start * d + i];
            }
            INDArray scaled = Nd4j.create(artifact.standardization().scaleFeatures(raw), new long[]{end - start, d},
                    DataType.DOUBLE).castTo(network.dataType());
            double[] chunk = method.scores(network, loss, artifact.networkInputs(scaled),
                    targets(data, start, end, artifact, network.dataType()));
            System.arraycopy(chunk, 0, scores, start, chunk.length);
        }
        return scores;
    }

    /** One-hot rows of the labels, or the regression target standardised as the model trained on it. */
    private static INDArray targets(Dataset data, int start, int end, ModelArtifact artifact, DataType type) {
        if (data.task() == Task.REGRESSION) {
            double[] y = new double[end - start];
            for (int i = 0; i < y.length; i++) {
                y[i] = (data.y()[start + i] - artifact.standardization().targetMean())
                        / artifact.standardization().targetStd();
            }
            return Nd4j.create(y, new long[]{y.length, 1}, DataType.DOUBLE).castTo(type);
        }
        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, end - start, data.classes());
        for (int i = start; i < end; i++) {
            oneHot.putScalar(i - start, (int) data.y()[i], 1.0);
        }
        return oneHot.castTo(type);
    }
}
