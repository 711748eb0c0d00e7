package dev.descent.history;

import dev.descent.training.EpochMetrics;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.springframework.data.domain.Persistable;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One epoch of a job. Written once, never updated. */
@Entity
@Table(name = "epoch_metrics")
@IdClass(EpochRecord.Key.class)
public class EpochRecord implements Persistable<EpochRecord.Key> {

    public record Key(UUID jobId, int epoch) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    private UUID jobId;
    @Id
    private int epoch;
    private long steps;
    private double trainLoss;
    private Double trainAccuracy;
    private Double validationLoss;
    private Double validationAccuracy;
    private Double validationRmse;
    private Double validationR2;
    private double learningRate;
    private double gradientNorm;
    private long durationMillis;
    private double samplesPerSecond;
    private Double epsilon;
    private Instant recordedAt;

    protected EpochRecord() {
    }

    EpochRecord(UUID jobId, EpochMetrics m, Instant recordedAt) {
        this.jobId = jobId;
        this.epoch = m.epoch();
        this.steps = m.steps();
        this.trainLoss = m.trainLoss();
        this.trainAccuracy = m.trainAccuracy();
        this.validationLoss = m.validationLoss();
        this.validationAccuracy = m.validationAccuracy();
        this.validationRmse = m.validationRmse();
        this.validationR2 = m.validationR2();
        this.learningRate = m.learningRate();
        this.gradientNorm = m.gradientNorm();
        this.durationMillis = m.durationMillis();
        this.samplesPerSecond = m.samplesPerSecond();
        this.epsilon = m.epsilon();
        this.recordedAt = recordedAt;
    }

    @Override
    public Key getId() {
        return new Key(jobId, epoch);
    }

    @Override
    public boolean isNew() {
        return true;
    }

    public EpochMetrics metrics() {
        return new EpochMetrics(epoch, steps, trainLoss, trainAccuracy, validationLoss, validationAccuracy,
                validationRmse, validationR2, learningRate, gradientNorm, durationMillis, samplesPerSecond, epsilon);
    }

    public Instant getRecordedAt() {
        return recordedAt;
    }
}
