package dev.descent.history;

import dev.descent.diagnostics.Diagnostic;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.training.EpochMetrics;
import dev.descent.training.StepMetrics;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes a job's metrics in batches and reads them back as epochs and curves. */
@Service
public class HistoryService {

    private static final String INSERT_DIAGNOSTIC = "insert into diagnostic_metrics "
            + "(job_id, metric, layer, step, epoch, metric_value) values (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_STEP = "insert into step_metrics "
            + "(job_id, step, epoch, loss, learning_rate, gradient_norm, gradient_l1_norm) values (?, ?, ?, ?, ?, ?, ?)";

    private final Clock clock;
    private final StepRecordRepository steps;
    private final EpochRecordRepository epochs;
    private final JdbcTemplate jdbc;
    private final HeavyReads reads;

    public HistoryService(StepRecordRepository steps, EpochRecordRepository epochs, JdbcTemplate jdbc,
                          HeavyReads reads, Clock clock) {
        this.steps = steps;
        this.epochs = epochs;
        this.jdbc = jdbc;
        this.reads = reads;
        this.clock = clock;
    }

    /**
     * Appends steps and, if given, the epoch they end, in one transaction. Steps go in as one JDBC batch: going
     * through the persistence context cost three times as much per row (measured with the benchmark). Appending the
     * same rows again replaces them: a write retried after its connection broke at commit may have committed.
     */
    @Transactional
    public void append(UUID jobId, List<StepMetrics> stepMetrics, EpochMetrics epoch) {
        append(jobId, stepMetrics, List.of(), epoch);
    }

    /**
     * {@link #append(UUID, List, EpochMetrics)} with diagnostic values, in step order: every value of a step comes in
     * one append (the trainer reports them between that step and the next), so an append replaces the values of its
     * first step on.
     */
    @Transactional
    public void append(UUID jobId, List<StepMetrics> stepMetrics, List<DiagnosticPoint> diagnostics,
                       EpochMetrics epoch) {
        if (!diagnostics.isEmpty()) {
            jdbc.update("delete from diagnostic_metrics where job_id = ? and step >= ?", jobId,
                    diagnostics.get(0).step());
            jdbc.batchUpdate(INSERT_DIAGNOSTIC, diagnostics, diagnostics.size(), (statement, d) -> {
                statement.setObject(1, jobId);
                statement.setString(2, d.metric().id());
                statement.setInt(3, d.layer());
                statement.setLong(4, d.step());
                statement.setInt(5, d.epoch());
                statement.setDouble(6, d.value());
            });
        }
        if (!stepMetrics.isEmpty()) {
            jdbc.update("delete from step_metrics where job_id = ? and step >= ?", jobId, stepMetrics.get(0).step());
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
            jdbc.update("delete from epoch_metrics where job_id = ? and epoch >= ?", jobId, epoch.epoch());
            epochs.save(new EpochRecord(jobId, epoch, clock.instant()));
        }
    }

    /** Forgets a job's metrics: a job that restarts from the beginning records them again. */
    @Transactional
    public void clear(UUID jobId) {
        jdbc.update("delete from diagnostic_metrics where job_id = ?", jobId);
        steps.deleteByJobId(jobId);
        epochs.deleteByJobId(jobId);
    }

    /** Forgets what was recorded after a checkpoint: steps after {@code step}, epochs from {@code epoch} on. */
    @Transactional
    public void truncate(UUID jobId, long step, int epoch) {
        jdbc.update("delete from step_metrics where job_id = ? and step > ?", jobId, step);
        jdbc.update("delete from diagnostic_metrics where job_id = ? and step > ?", jobId, step);
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
    public Curve curve(UUID jobId, CurveMetric metric, int maxPoints) {
        return curve(jobId, metric, maxPoints, DownsampleMethod.MINMAX, 0, null);
    }

    /**
     * A metric's curve, smoothed (EMA with weight {@code smoothing} on the past, 0 for none) and then downsampled to
     * at most {@code maxPoints}. {@code by} aligns it on steps or epochs (null: the metric's own unit): a per-step
     * metric by epoch is the mean of each epoch's steps, a per-epoch metric by step sits at each epoch's last step.
     * Step rows are read through {@link HeavyReads}' pool; the caller holds its permit. A curve by step holds
     * O(maxPoints) points however many steps the job has: its rows pass through a {@link StreamingDownsampler}.
     * Curves by epoch are at most descent.jobs.max-epochs points and are downsampled in memory.
     */
    public Curve curve(UUID jobId, CurveMetric metric, int maxPoints, DownsampleMethod method, double smoothing,
                       CurveAxis by) {
        return curve(jobId, metric, maxPoints, method, smoothing, by, 0);
    }

    /**
     * {@link #curve(UUID, CurveMetric, int, DownsampleMethod, double, CurveAxis)} of one layer's series of a
     * per-layer diagnostic ({@code layer} from 1; 0 for any other metric). A diagnostic by step streams as a step
     * metric does; a step-wise diagnostic by epoch is the mean of the epoch's values, an epoch-wise one by step sits
     * at the epoch's last step.
     */
    public Curve curve(UUID jobId, CurveMetric metric, int maxPoints, DownsampleMethod method, double smoothing,
                       CurveAxis by, int layer) {
        CurveAxis axis = by != null ? by : metric.isPerStep() ? CurveAxis.STEP : CurveAxis.EPOCH;
        if (metric.diagnostic() != null) {
            return reads.inTransaction(status -> diagnosticCurve(jobId, metric, maxPoints, method, smoothing, axis,
                    layer));
        }
        if (metric.isPerStep() && axis == CurveAxis.STEP) {
            return reads.inTransaction(status -> stepCurve(jobId, metric, maxPoints, method, smoothing));
        }
        Series series = metric.isPerStep() ? reads.inTransaction(status -> epochMeans(jobId, metric))
                : epochSeries(jobId, metric, axis);
        return new Curve(metric.id(), axis.id(), series.size(),
                Downsampler.downsample(series.smoothed(smoothing), maxPoints, method));
    }

    private Curve stepCurve(UUID jobId, CurveMetric metric, int maxPoints, DownsampleMethod method, double smoothing) {
        return streamedCurve(metric, maxPoints, method, smoothing, "from step_metrics where job_id = ?",
                "step", metric.column, jobId);
    }

    private Curve diagnosticCurve(UUID jobId, CurveMetric metric, int maxPoints, DownsampleMethod method,
                                  double smoothing, CurveAxis axis, int layer) {
        String rows = "from diagnostic_metrics where job_id = ? and metric = ? and layer = ?";
        if (axis == CurveAxis.STEP || metric.diagnostic().perEpoch()) {
            return streamedCurve(metric, maxPoints, method, smoothing, rows, axis.id(), "metric_value", jobId,
                    metric.id(), layer);
        }
        Series series = new Series(64);
        reads.jdbc().query("select epoch, avg(metric_value) " + rows + " group by epoch order by epoch",
                (RowCallbackHandler) row -> series.add(row.getLong(1), row.getDouble(2)), jobId, metric.id(), layer);
        return new Curve(metric.id(), axis.id(), series.size(),
                Downsampler.downsample(series.smoothed(smoothing), maxPoints, method));
    }

    /**
     * A curve of {@code x, value} over the rows {@code from} selects (its arguments {@code arguments}), read in x
     * order through a {@link StreamingDownsampler}: O(maxPoints) held however many rows there are.
     */
    private Curve streamedCurve(CurveMetric metric, int maxPoints, DownsampleMethod method, double smoothing,
                                String from, String x, String value, Object... arguments) {
        JdbcTemplate jdbc = reads.jdbc();
        // the rows recorded now: a running job's later rows are left out of every pass
        long[] extent = jdbc.queryForObject("select count(*), coalesce(max(" + x + "), 0) " + from,
                (row, i) -> new long[] {row.getLong(1), row.getLong(2)}, arguments);
        long n = extent[0];
        StreamingDownsampler points = StreamingDownsampler.of(method, n, maxPoints);
        String sql = "select " + x + ", " + value + " " + from + " and " + x + " <= ? order by " + x;
        Object[] bounded = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        bounded[arguments.length] = extent[1];
        for (int pass = 0; pass < points.passes() && n > 0; pass++) {
            int thisPass = pass;
            Smoothing ema = new Smoothing(smoothing);
            long[] index = {0};
            jdbc.query(sql, (RowCallbackHandler) row -> points.add(thisPass, index[0]++, row.getLong(1),
                    ema.next(row.getDouble(2))), bounded);
        }
        return new Curve(metric.id(), x, (int) Math.min(Integer.MAX_VALUE, n), points.points());
    }

    /**
     * The edge of stability 2/η (Cohen et al. 2021) at each step sharpness was measured, η the learning rate of that
     * step; by epoch at the epoch of each measurement. A curve to draw beside sharpness.
     */
    public Curve edgeOfStability(UUID jobId, int maxPoints, CurveAxis axis) {
        Series series = reads.inTransaction(status -> {
            Series points = new Series(64);
            reads.jdbc().query("select d." + axis.id() + ", 2.0 / s.learning_rate from diagnostic_metrics d "
                            + "join step_metrics s on s.job_id = d.job_id and s.step = d.step where d.job_id = ? "
                            + "and d.metric = ? and d.layer = 0 and s.learning_rate > 0 order by d.step",
                    (RowCallbackHandler) row -> points.add(row.getLong(1), row.getDouble(2)), jobId,
                    CurveMetric.of(Diagnostic.SHARPNESS).id());
            return points;
        });
        return new Curve("edge_of_stability", axis.id(), series.size(),
                Downsampler.downsample(series, maxPoints, DownsampleMethod.LTTB));
    }

    /** Every value a job recorded of a diagnostic, in step order, each step's series in order. */
    @Transactional(readOnly = true)
    public List<DiagnosticPoint> diagnosticPoints(UUID jobId, Diagnostic diagnostic) {
        return jdbc.query("select layer, step, epoch, metric_value from diagnostic_metrics where job_id = ? and "
                        + "metric = ? order by step, layer", (row, i) -> new DiagnosticPoint(diagnostic, row.getInt(1),
                        row.getLong(2), row.getInt(3), row.getDouble(4)), jobId, diagnostic.id());
    }

    /** The layers a job recorded a per-layer diagnostic for, in order. */
    @Transactional(readOnly = true)
    public List<Integer> diagnosticLayers(UUID jobId, CurveMetric metric) {
        return jdbc.queryForList("select distinct layer from diagnostic_metrics where job_id = ? and metric = ? "
                + "order by layer", Integer.class, jobId, metric.id());
    }

    /**
     * The latest value of each diagnostic series recorded after step {@code after} and at most {@code upTo}, keyed
     * {@code metric} or {@code metric[layer]} for a per-layer one; empty for a job without diagnostics.
     */
    @Transactional(readOnly = true)
    public java.util.Map<String, Double> latestDiagnostics(UUID jobId, long after, long upTo) {
        java.util.Map<String, Double> latest = new java.util.TreeMap<>();
        jdbc.query("select metric, layer, metric_value from diagnostic_metrics where job_id = ? and step > ? and step <= ? "
                + "order by step", (RowCallbackHandler) row -> {
            int layer = row.getInt(2);
            latest.put(row.getString(1) + (layer > 0 ? "[" + layer + "]" : ""), row.getDouble(3));
        }, jobId, after, upTo);
        return latest;
    }

    private Series epochMeans(UUID jobId, CurveMetric metric) {
        Series series = new Series(64);
        reads.jdbc().query("select epoch, avg(" + metric.column + ") from step_metrics where job_id = ? "
                        + "group by epoch order by epoch",
                (RowCallbackHandler) row -> series.add(row.getLong(1), row.getDouble(2)), jobId);
        return series;
    }

    private Series epochSeries(UUID jobId, CurveMetric metric, CurveAxis axis) {
        Series series = new Series(64);
        for (EpochMetrics e : epochs(jobId)) {
            Double value = metric.perEpoch.apply(e);
            if (value != null) {
                series.add(axis == CurveAxis.STEP ? e.steps() : e.epoch(), value);
            }
        }
        return series;
    }

    /** The epoch metrics of each of these jobs in brief; a job without epochs yet is not in the map. */
    @Transactional(readOnly = true)
    public Map<UUID, EpochSummary> summaries(Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        StringBuilder aggregates = new StringBuilder();
        StringBuilder lasts = new StringBuilder();
        for (String column : EpochSummary.COLUMNS) {
            aggregates.append(", MIN(").append(column).append(") AS min_").append(column)
                    .append(", MAX(").append(column).append(") AS max_").append(column);
            lasts.append(", e.").append(column).append(", a.min_").append(column).append(", a.max_").append(column);
        }
        String ids = String.join(", ", Collections.nCopies(jobIds.size(), "?"));
        // the last epoch's row joined to the aggregates over every epoch: one query for a page of jobs
        String sql = "SELECT e.job_id, a.epochs" + lasts + " FROM epoch_metrics e JOIN (SELECT job_id, COUNT(*) AS "
                + "epochs, MAX(epoch) AS last_epoch" + aggregates + " FROM epoch_metrics WHERE job_id IN (" + ids
                + ") GROUP BY job_id) a ON e.job_id = a.job_id AND e.epoch = a.last_epoch";
        Map<UUID, EpochSummary> summaries = new HashMap<>();
        jdbc.query(sql, row -> {
            EpochSummary.Metric[] metrics = new EpochSummary.Metric[EpochSummary.COLUMNS.length];
            for (int i = 0; i < metrics.length; i++) {
                metrics[i] = EpochSummary.Metric.of(row.getObject(3 + 3 * i, Double.class),
                        row.getObject(4 + 3 * i, Double.class), row.getObject(5 + 3 * i, Double.class));
            }
            summaries.put(row.getObject(1, UUID.class), new EpochSummary(row.getInt(2), metrics[0], metrics[1],
                    metrics[2], metrics[3], metrics[4], metrics[5]));
        }, jobIds.toArray());
        return summaries;
    }
}
