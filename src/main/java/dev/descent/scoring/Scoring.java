package dev.descent.scoring;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** A scoring row: its request, the jobs that train its models, where it stands and, once succeeded, its scores. */
@Entity
@Table(name = "scorings")
public class Scoring {

    @Id
    private UUID id;
    private String datasetId;
    private String method;
    /** The ScoringRequest as JSON. */
    private String request;
    /** The runs' job ids, comma-separated, in seed order. */
    private String jobIds;
    @Enumerated(EnumType.STRING)
    private ScoringStatus status;
    private Integer rowCount;
    /** Every row's score, {@link RowScores#encode}d; null until it has succeeded. */
    private byte[] scores;
    private String error;
    private Instant createdAt;
    private Instant finishedAt;
    private String createdBy;

    protected Scoring() {
    }

    Scoring(UUID id, String datasetId, String method, String request, List<UUID> jobIds, Instant createdAt,
            String createdBy) {
        this.id = id;
        this.datasetId = datasetId;
        this.method = method;
        this.request = request;
        this.jobIds = String.join(",", jobIds.stream().map(UUID::toString).toList());
        this.status = ScoringStatus.RUNNING;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    public UUID getId() {
        return id;
    }

    public String getDatasetId() {
        return datasetId;
    }

    public String getMethod() {
        return method;
    }

    String getRequest() {
        return request;
    }

    public List<UUID> getJobIds() {
        return Arrays.stream(jobIds.split(",")).map(UUID::fromString).toList();
    }

    public ScoringStatus getStatus() {
        return status;
    }

    public Integer getRowCount() {
        return rowCount;
    }

    byte[] getScores() {
        return scores;
    }

    public String getError() {
        return error;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }
}
