package dev.descent.history;

import dev.descent.training.EpochMetrics;
import dev.descent.training.StepMetrics;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Writes a job's metrics in batches and reads them back as epochs and curves. */
@Service
public class HistoryService {

    private final StepRecordRepository steps;
    private final EpochRecordRepository epochs;

    public HistoryService(StepRecordRepository steps, EpochRecordRepository epochs) {
        this.steps = steps;
        this.epochs = epochs;
    }

    /** Appends steps and, if given, the epoch they end, in one transaction (JDBC batches of inserts). */
    @Transactional
    public void append(UUID jobId, List<StepMetrics> stepMetrics, EpochMetrics epoch) {
        steps.saveAll(stepMetrics.stream()
                .map(s -> new StepRecord(jobId, s.step(), s.epoch(), s.loss(), s.learningRate(), s.gradientNorm()))
                .toList());
        if (epoch != null) {
            epochs.save(new EpochRecord(jobId, epoch, Instant.now()));
        }
    }

    /** Forgets a job's metrics: a job that restarts from the beginning records them again. */
    @Transactional
    public void clear(UUID jobId) {
        steps.deleteByJobId(jobId);
        epochs.deleteByJobId(jobId);
    }

    @Transactional(readOnly = true)
    public List<EpochMetrics> epochs(UUID jobId) {
        return epochs.findByJobIdOrderByEpoch(jobId).stream().map(EpochRecord::metrics).toList();
    }

    @Transactional(readOnly = true)
    public long stepCount(UUID jobId) {
        return steps.countByJobId(jobId);
    }

    /** A metric's curve, downsampled to at most {@code maxPoints} with min/max buckets. */
    @Transactional(readOnly = true)
    public Curve curve(UUID jobId, CurveMetric metric, int maxPoints) {
        List<CurvePoint> points = metric.isPerStep()
                ? steps.findByJobIdOrderByStep(jobId).stream()
                        .map(s -> new CurvePoint(s.getStep(), metric.perStep.applyAsDouble(s))).toList()
                : epochs(jobId).stream()
                        .filter(e -> metric.perEpoch.apply(e) != null)
                        .map(e -> new CurvePoint(e.epoch(), Objects.requireNonNull(metric.perEpoch.apply(e)))).toList();
        return new Curve(metric.id(), metric.isPerStep() ? "step" : "epoch", points.size(),
                Downsampler.minMax(points, maxPoints));
    }
}
