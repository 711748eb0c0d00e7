package dev.descent.history;

import dev.descent.training.EpochMetrics;
import dev.descent.training.StepMetrics;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;
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

    /** Epochs that ended after global step {@code step}, in order. */
    @Transactional(readOnly = true)
    public List<EpochMetrics> epochsAfterStep(UUID jobId, long step) {
        return epochs.findByJobIdAndStepsGreaterThanOrderByEpoch(jobId, step).stream().map(EpochRecord::metrics).toList();
    }

    /** The last recorded step, or null before the first. */
    @Transactional(readOnly = true)
    public StepMetrics latestStep(UUID jobId) {
        List<StepMetrics> last = jdbc.query("select step, epoch, loss, learning_rate, gradient_norm, gradient_l1_norm "
                        + "from step_metrics where job_id = ? order by step desc limit 1",
                (row, i) -> new StepMetrics(row.getLong(1), row.getInt(2), row.getDouble(3), row.getDouble(4),
                        row.getDouble(5), row.getDouble(6)), jobId);
        return last.isEmpty() ? null : last.get(0);
    }

    @Transactional(readOnly = true)
    public long stepCount(UUID jobId) {
        return steps.countByJobId(jobId);
    }

    /** A metric's curve, downsampled to at most {@code maxPoints} with min/max buckets. */
    @Transactional(readOnly = true)
    public Curve curve(UUID jobId, CurveMetric metric, int maxPoints) {
        return curve(jobId, metric, maxPoints, DownsampleMethod.MINMAX, 0, null);
    }

    /**
     * A metric's curve, smoothed (EMA with weight {@code smoothing} on the past, 0 for none) and then downsampled to
     * at most {@code maxPoints}. {@code by} aligns it on steps or epochs (null: the metric's own unit): a per-step
     * metric by epoch is the mean of each epoch's steps, a per-epoch metric by step sits at each epoch's last step.
     */
    @Transactional(readOnly = true)
    public Curve curve(UUID jobId, CurveMetric metric, int maxPoints, DownsampleMethod method, double smoothing,
                       CurveAxis by) {
        CurveAxis axis = by != null ? by : metric.isPerStep() ? CurveAxis.STEP : CurveAxis.EPOCH;
        Series series = series(jobId, metric, axis);
        return new Curve(metric.id(), axis.id(), series.size(),
                Downsampler.downsample(series.smoothed(smoothing), maxPoints, method));
    }

    private Series series(UUID jobId, CurveMetric metric, CurveAxis axis) {
        if (metric.isPerStep()) {
            String sql = axis == CurveAxis.STEP
                    ? "select step, " + metric.column + " from step_metrics where job_id = ? order by step"
                    : "select epoch, avg(" + metric.column + ") from step_metrics where job_id = ? group by epoch order by epoch";
            Series series = new Series(axis == CurveAxis.STEP ? (int) Math.min(Integer.MAX_VALUE - 8, stepCount(jobId)) : 64);
            jdbc.query(connection -> {
                var statement = connection.prepareStatement(sql);
                statement.setFetchSize(10_000);
                statement.setObject(1, jobId);
                return statement;
            }, (org.springframework.jdbc.core.RowCallbackHandler) row -> series.add(row.getLong(1), row.getDouble(2)));
            return series;
        }
        Series series = new Series(64);
        for (EpochMetrics e : epochs(jobId)) {
            Double value = metric.perEpoch.apply(e);
            if (value != null) {
                series.add(axis == CurveAxis.STEP ? e.steps() : e.epoch(), value);
            }
        }
        return series;
    }
}
