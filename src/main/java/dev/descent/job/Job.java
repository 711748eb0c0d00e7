package dev.descent.job;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** A job row: its spec as submitted, where it stands, and who holds its lease while it runs. */
@Entity
@Table(name = "jobs")
public class Job {

    @Id
    private UUID id;
    private String name;
    @Enumerated(EnumType.STRING)
    private JobStatus status;
    private String datasetId;
    /** The JobSpec as JSON. */
    private String spec;
    private long parameterCount;
    private int epochs;
    private int currentEpoch;
    private long steps;
    private Long totalSteps;
    private Instant createdAt;
    /** The user whose job it is: only they (and admins) see it. */
    private String createdBy;
    private Instant startedAt;
    private Instant finishedAt;
    private String owner;
    /** The current claim's token while RUNNING (see Claim); null otherwise. */
    private UUID claimToken;
    private Instant leaseExpiresAt;
    private boolean cancelRequested;
    private int attempts;
    private int lostLeases;
    private long trainingMillis;
    private long recordingMillis;
    private String modelPath;
    private String checkpointPath;
    private Long checkpointStep;
    private String error;
    /** The sweep this job is a trial of, and its number there; both null for a job submitted on its own. */
    private UUID sweepId;
    private Integer trialNumber;
    /** A trial's parameter values, as JSON: dotted path → value. */
    private String trialAssignment;
    /** A paused sweep trial's rung: it stops after this epoch, checkpointed, until its sweep promotes it. */
    private Integer pauseAfterEpoch;
    /** Its optimizer's type, for the list's filter (the spec holds the rest). */
    private String optimizerType;
    private String project;
    // read with the job: a job is always shown with its tags, after the transaction that read it
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "job_tags", joinColumns = @JoinColumn(name = "job_id"))
    @MapKeyColumn(name = "tag_key")
    @Column(name = "tag_value")
    private Map<String, String> tags = new HashMap<>();

    protected Job() {
    }

    Job(UUID id, String name, String datasetId, String optimizerType, String spec, long parameterCount, int epochs,
        Instant createdAt, String createdBy) {
        this.id = id;
        this.name = name;
        this.status = JobStatus.QUEUED;
        this.datasetId = datasetId;
        this.optimizerType = optimizerType;
        this.spec = spec;
        this.parameterCount = parameterCount;
        this.epochs = epochs;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    /** The project and tags that {@code labels} gives, the fields it leaves out kept as they are. */
    Job label(JobLabels labels) {
        if (labels.project() != null) {
            this.project = labels.project().isEmpty() ? null : labels.project();
        }
        if (labels.tags() != null) {
            this.tags.clear();
            this.tags.putAll(labels.tags());
        }
        return this;
    }

    public String getProject() {
        return project;
    }

    /** The tags, sorted by key. */
    public Map<String, String> getTags() {
        return new TreeMap<>(tags);
    }

    public String getOptimizerType() {
        return optimizerType;
    }

    /** Trial {@code trialNumber} of sweep {@code sweepId}, stopping after epoch {@code pauseAfterEpoch} if not null. */
    Job trialOf(UUID sweepId, int trialNumber, String assignment, Integer pauseAfterEpoch) {
        this.sweepId = sweepId;
        this.trialNumber = trialNumber;
        this.trialAssignment = assignment;
        this.pauseAfterEpoch = pauseAfterEpoch;
        return this;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public JobStatus getStatus() {
        return status;
    }

    public String getDatasetId() {
        return datasetId;
    }

    public String getSpec() {
        return spec;
    }

    public long getParameterCount() {
        return parameterCount;
    }

    public int getEpochs() {
        return epochs;
    }

    public int getCurrentEpoch() {
        return currentEpoch;
    }

    public long getSteps() {
        return steps;
    }

    /** Steps the whole run takes (epochs × batches per epoch); null until a worker has prepared its data. */
    public Long getTotalSteps() {
        return totalSteps;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public int getAttempts() {
        return attempts;
    }

    /** How many times the job's server stopped without returning it (lost its lease while it ran). */
    public int getLostLeases() {
        return lostLeases;
    }

    /** Wall time of the last attempt's training loop, history writes included. */
    public long getTrainingMillis() {
        return trainingMillis;
    }

    /** Of {@link #getTrainingMillis()}, the time spent writing history. */
    public long getRecordingMillis() {
        return recordingMillis;
    }

    /** The stored model's file in the model store; null until the job succeeds. */
    public String getModelPath() {
        return modelPath;
    }

    /** The latest checkpoint's file in the model store, and the step it was taken after; null without one. */
    public String getCheckpointPath() {
        return checkpointPath;
    }

    public Long getCheckpointStep() {
        return checkpointStep;
    }

    public String getError() {
        return error;
    }

    public UUID getSweepId() {
        return sweepId;
    }

    public Integer getTrialNumber() {
        return trialNumber;
    }

    public String getTrialAssignment() {
        return trialAssignment;
    }

    public Integer getPauseAfterEpoch() {
        return pauseAfterEpoch;
    }
}
