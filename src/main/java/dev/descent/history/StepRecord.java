package dev.descent.history;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import org.springframework.data.domain.Persistable;

import java.io.Serializable;
import java.util.UUID;

/** One optimizer step of a job. Written once, never updated: always new, so saving never reads first. */
@Entity
@Table(name = "step_metrics")
@IdClass(StepRecord.Key.class)
public class StepRecord implements Persistable<StepRecord.Key> {

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

    protected StepRecord() {
    }

    StepRecord(UUID jobId, long step, int epoch, double loss, double learningRate, double gradientNorm) {
        this.jobId = jobId;
        this.step = step;
        this.epoch = epoch;
        this.loss = loss;
        this.learningRate = learningRate;
        this.gradientNorm = gradientNorm;
    }

    @Override
    public Key getId() {
        return new Key(jobId, step);
    }

    @Override
    public boolean isNew() {
        return true;
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
}
