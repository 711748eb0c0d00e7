package dev.descent.sweep;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A sweep row: its spec as submitted, how many of its trials exist, and where it stands. */
@Entity
@Table(name = "sweeps")
public class Sweep {

    @Id
    private UUID id;
    private String name;
    @Enumerated(EnumType.STRING)
    private SweepStatus status;
    @Enumerated(EnumType.STRING)
    private SweepSpec.Method method;
    /** The SweepSpec as JSON. */
    private String spec;
    private int plannedTrials;
    /** Trials created so far: numbers 0 … createdTrials − 1. */
    private int createdTrials;
    private int maxConcurrentTrials;
    private String createdBy;
    private Instant createdAt;
    private Instant finishedAt;
    private String error;

    protected Sweep() {
    }

    Sweep(UUID id, SweepSpec spec, String json, int plannedTrials, String createdBy, Instant createdAt) {
        this.id = id;
        this.name = spec.name();
        this.status = SweepStatus.RUNNING;
        this.method = spec.method();
        this.spec = json;
        this.plannedTrials = plannedTrials;
        this.maxConcurrentTrials = spec.maxConcurrentTrials();
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    void trialCreated() {
        createdTrials++;
    }

    void end(SweepStatus status, String error, Instant now) {
        this.status = status;
        this.error = error != null && error.length() > 4000 ? error.substring(0, 4000) : error;
        this.finishedAt = now;
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public SweepStatus getStatus() {
        return status;
    }

    public SweepSpec.Method getMethod() {
        return method;
    }

    public String getSpec() {
        return spec;
    }

    public int getPlannedTrials() {
        return plannedTrials;
    }

    public int getCreatedTrials() {
        return createdTrials;
    }

    public int getMaxConcurrentTrials() {
        return maxConcurrentTrials;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }

    public String getError() {
        return error;
    }
}
