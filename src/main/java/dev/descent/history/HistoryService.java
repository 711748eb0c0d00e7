package dev.descent.history;

import dev.descent.training.EpochMetrics;
import dev.descent.training.StepMetrics;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Writes a job's metrics in batches and reads them back as epochs and curves. */
@Service
public class HistoryService {

    private static final String INSERT_STEP = "insert into step_metrics "
            + "(job_id, step, epoch, loss, learning_rate, gradient_norm, gradient_l1_norm) values (?, ?, ?, ?, ?, ?, ?)";

    private final StepRecordRepository steps;
    private final EpochRecordRepository epochs;
    private final JdbcTemplate jdbc;

    public HistoryService(StepRecordRepository steps, EpochRecordRepository epochs, JdbcTemplate jdbc) {
        this.steps = steps;
        this.epochs = epochs;
        this.jdbc = jdbc;
    }

    /**
     * Appends steps and, if given, the epoch they end, in one transaction. Steps go in as one JDBC batch: going
     * through the persistence context cost three times as much per row (measured with the benchmark).
     */
    @Transactional
    public void append(UUID jobId, List<StepMetrics> stepMetrics, EpochMetrics epoch) {
        if (!stepMetrics.isEmpty()) {
            jdbc.batchUpdate(INSERT_STEP, stepMetrics, stepMetrics.size(), (statement, s) -> {
                statement.setObject(1, jobId);
                statement.setLong(2, s.step());
                statement.setInt(3, s.epoch());
                statement.setDouble(4, s.loss());
                statement.setDouble(5, s.learningRate());
                statement.setDouble(6, s.gradientNorm());
                statement.setDouble(7, s.gradientL1Norm());
            });
        }
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

    /** Forgets what was recorded after a checkpoint: steps after {@code step}, epochs from {@code epoch} on. */
    @Transactional
    public void truncate(UUID jobId, long step, int epoch) {
        jdbc.update("delete from step_metrics where job_id = ? and step > ?", jobId, step);
        jdbc.update("delete from epoch_metrics where job_id = ? and epoch >= ?", jobId, epoch);
    }

    @Transactional(readOnly = true)
    public List<EpochMetrics> epochs(UUID jobId) {
        return epochs.findByJobIdOrderByEpoch(jobId).stream().map(EpochRecord::metrics).toList();
    }

    /** A job's per-step gradient norms in step order: L1 or L2. */
    @Transactional(readOnly = true)
    public double[] gradientNorms(UUID jobId, boolean l1) {
        return jdbc.queryForList("select " + (l1 ? "gradient_l1_norm" : "gradient_norm")
                + " from step_metrics where job_id = ? order by step", Double.class, jobId)
                .stream().mapToDouble(Double::doubleValue).toArray();
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
