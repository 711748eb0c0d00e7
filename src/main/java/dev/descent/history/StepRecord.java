package dev.descent.history;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.UUID;

/** One optimizer step of a job, as read back; {@link HistoryService} writes steps in JDBC batches. */
@Entity
@Table(name = "step_metrics")
@IdClass(StepRecord.Key.class)
public class StepRecord {

    public record Key(UUID jobId, long step) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    private UUID jobId;
    @Id
    private long step;
    private int epoch;
    private double loss;
    private double learningRate;
    private double gradientNorm;
    private double gradientL1Norm;

    protected StepRecord() {
    }

    public long getStep() {
        return step;
    }

    public int getEpoch() {
        return epoch;
    }

    public double getLoss() {
        return loss;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public double getGradientNorm() {
        return gradientNorm;
    }

    public double getGradientL1Norm() {
        return gradientL1Norm;
    }
}
