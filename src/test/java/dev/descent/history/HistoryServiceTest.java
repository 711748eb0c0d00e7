package dev.descent.history;

import dev.descent.diagnostics.Diagnostic;
import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.training.EpochMetrics;
import dev.descent.training.StepMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History written in batches and read back as epochs and curves, on the real schema. Outside a test transaction:
 * curves and exports read through a pool of their own, which sees committed rows only (each test has its own job).
 */
@DataJpaTest(properties = "spring.datasource.url=jdbc:h2:mem:history;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import({HistoryService.class, HistoryExport.class, HeavyReads.class})
@EnableConfigurationProperties(ReadProperties.class)
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class HistoryServiceTest {

    @Autowired
    private HistoryService history;
    @Autowired
    private JdbcTemplate jdbc;

    private UUID job() {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into jobs (id, status, dataset_id, spec, parameter_count, epochs, created_at) "
                + "values (?, 'RUNNING', 'iris', '{}', 1, 2, current_timestamp)", id);
        return id;
    }

    private static EpochMetrics epoch(int epoch, long steps, double loss) {
        return new EpochMetrics(epoch, steps, loss, 0.5, loss * 1.1, 0.4, null, null, 0.1, 1.5, 20, 1000, null);
    }

    @Test
    void eachJobsEpochMetricsAreSummarisedByTheirLastLeastAndGreatest() {
        UUID id = job();
        UUID other = job();
        UUID none = job();
        history.append(id, List.of(), new EpochMetrics(1, 10, 0.9, 0.6, 1.0, 0.55, null, null, 0.1, 1, 20, 1000, null));
        history.append(id, List.of(), new EpochMetrics(2, 20, 0.4, 0.8, 0.7, 0.75, null, null, 0.1, 1, 20, 1000, null));
        history.append(id, List.of(), new EpochMetrics(3, 30, 0.5, 0.9, 0.8, 0.7, null, null, 0.1, 1, 20, 1000, null));
        history.append(other, List.of(), new EpochMetrics(1, 10, 2.0, null, null, null, 3.0, 0.5, 0.1, 1, 20, 1000,
                null));
        Map<UUID, EpochSummary> summaries = history.summaries(List.of(id, other, none));
        assertThat(summaries).containsOnlyKeys(id, other);
        EpochSummary summary = summaries.get(id);
        assertThat(summary.epochs()).isEqualTo(3);
        assertThat(summary.trainLoss()).isEqualTo(new EpochSummary.Metric(0.5, 0.4, 0.9));
        assertThat(summary.validationAccuracy()).isEqualTo(new EpochSummary.Metric(0.7, 0.55, 0.75));
        assertThat(summary.validationRmse()).isNull();
        assertThat(summaries.get(other).validationRmse()).isEqualTo(new EpochSummary.Metric(3.0, 3.0, 3.0));
        assertThat(summaries.get(other).trainAccuracy()).isNull();
        assertThat(history.summaries(List.of())).isEmpty();
    }

    @Test
    void stepsAndEpochsComeBackInOrder() {
        UUID id = job();
        List<StepMetrics> first = new ArrayList<>();
        for (int s = 1; s <= 1500; s++) {
            first.add(new StepMetrics(s, s <= 750 ? 1 : 2, 1.0 / s, 0.1, 2.0, 3.0 + s));
        }
        history.append(id, first.subList(0, 750), epoch(1, 750, 0.9));
        history.append(id, first.subList(750, 1500), epoch(2, 1500, 0.4));
        assertThat(history.stepCount(id)).isEqualTo(1500);
        assertThat(history.epochs(id)).containsExactly(epoch(1, 750, 0.9), epoch(2, 1500, 0.4));

        Curve loss = history.curve(id, CurveMetric.LOSS, 100);
        assertThat(loss.totalPoints()).isEqualTo(1500);
        assertThat(loss.points()).hasSizeLessThanOrEqualTo(100);
        assertThat(loss.points().get(0)).isEqualTo(new CurvePoint(1, 1.0));
        assertThat(loss.points().get(loss.points().size() - 1)).isEqualTo(new CurvePoint(1500, 1.0 / 1500));

        double[] l1 = history.gradientNorms(id, true);
        assertThat(l1).hasSize(1500);
        assertThat(l1[0]).isEqualTo(4.0);
        assertThat(l1[1499]).isEqualTo(1503.0);
        assertThat(history.gradientNorms(id, false)).containsOnly(2.0);

        // longer than a page (descent.reads.fetch-rows, 1000): every step once, in order, across the pages' seams
        java.io.ByteArrayOutputStream csv = new java.io.ByteArrayOutputStream();
        export.write(id, HistoryExport.Level.STEP, HistoryExport.Format.CSV, csv);
        List<String> lines = csv.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1501);
        assertThat(lines.subList(1, 1501)).extracting(line -> Long.parseLong(line.substring(0, line.indexOf(','))))
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 1500).boxed().toList());

        Curve validation = history.curve(id, CurveMetric.VALIDATION_LOSS, 100);
        assertThat(validation.x()).isEqualTo("epoch");
        assertThat(validation.points()).extracting(CurvePoint::x).containsExactly(1L, 2L);
        assertThat(history.curve(id, CurveMetric.VALIDATION_RMSE, 100).points()).isEmpty();
    }

    @Test
    void clearForgetsOnlyThatJob() {
        UUID cleared = job();
        UUID kept = job();
        history.append(cleared, List.of(new StepMetrics(1, 1, 0.5, 0.1, 1, 2)), epoch(1, 1, 0.5));
        history.append(kept, List.of(new StepMetrics(1, 1, 0.5, 0.1, 1, 2)), epoch(1, 1, 0.5));
        history.clear(cleared);
        assertThat(history.stepCount(cleared)).isZero();
        assertThat(history.epochs(cleared)).isEmpty();
        assertThat(history.stepCount(kept)).isEqualTo(1);
    }

    @Autowired
    private HistoryExport export;

    /** The embedded default answers a million-step curve in well under a second; the bound leaves room for CI. */
    long curveTimeLimitMillis() {
        return 2000;
    }

    @Test
    void aMillionStepCurveComesBackWellUnderASecond() {
        UUID id = job();
        List<StepMetrics> batch = new ArrayList<>(50_000);
        long started = System.nanoTime();
        for (int s = 1; s <= 1_000_000; s++) {
            batch.add(new StepMetrics(s, 1 + (s - 1) / 100_000, 2.0 / Math.sqrt(s) + (s % 13) * 1e-3, 0.1, 1, 2));
            if (batch.size() == 50_000) {
                history.append(id, batch, null);
                batch.clear();
            }
        }
        long inserted = System.nanoTime();
        for (DownsampleMethod method : DownsampleMethod.values()) {
            // the better of two calls: the first also pays for JIT compilation and a cold database cache
            Curve curve = null;
            long millis = Long.MAX_VALUE;
            for (int call = 0; call < 2; call++) {
                long t0 = System.nanoTime();
                curve = history.curve(id, CurveMetric.LOSS, 1000, method, 0.9, null);
                millis = Math.min(millis, (System.nanoTime() - t0) / 1_000_000);
            }
            System.out.printf("1e6-step curve (%s, EMA 0.9) in %d ms (insert took %d ms)%n", method.id(), millis,
                    (inserted - started) / 1_000_000);
            assertThat(millis).isLessThan(curveTimeLimitMillis());
            assertThat(curve.totalPoints()).isEqualTo(1_000_000);
            assertThat(curve.points()).hasSizeLessThanOrEqualTo(1000);
            assertThat(curve.points().get(0).x()).isEqualTo(1);
            assertThat(curve.points().get(curve.points().size() - 1).x()).isEqualTo(1_000_000);
        }
        Curve byEpoch = history.curve(id, CurveMetric.LOSS, 1000, DownsampleMethod.LTTB, 0, CurveAxis.EPOCH);
        assertThat(byEpoch.x()).isEqualTo("epoch");
        assertThat(byEpoch.points()).extracting(CurvePoint::x).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void perEpochMetricsAlignOnStepsAndExportAsCsvAndJson() {
        UUID id = job();
        history.append(id, List.of(new StepMetrics(1, 1, 0.5, 0.1, 1, 2), new StepMetrics(2, 1, 0.25, 0.1, 1, 2)),
                epoch(1, 2, 0.375));
        history.append(id, List.of(new StepMetrics(3, 2, 0.125, 0.1, 1, 2)), epoch(2, 3, 0.125));
        assertThat(history.curve(id, CurveMetric.TRAIN_LOSS, 10, DownsampleMethod.MINMAX, 0, CurveAxis.STEP).points())
                .containsExactly(new CurvePoint(2, 0.375), new CurvePoint(3, 0.125));

        java.io.ByteArrayOutputStream csv = new java.io.ByteArrayOutputStream();
        export.write(id, HistoryExport.Level.STEP, HistoryExport.Format.CSV, csv);
        assertThat(csv.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "step,epoch,loss,learning_rate,gradient_norm,gradient_l1_norm\n"
                        + "1,1,0.5,0.1,1.0,2.0\n2,1,0.25,0.1,1.0,2.0\n3,2,0.125,0.1,1.0,2.0\n");

        java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
        export.write(id, HistoryExport.Level.EPOCH, HistoryExport.Format.JSON, json);
        tools.jackson.databind.JsonNode rows = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(json.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows.get(1).path("train_loss").asDouble()).isEqualTo(0.125);
        assertThat(rows.get(0).path("validation_rmse").isNull()).isTrue();
        assertThat(rows.get(0).path("recorded_at").asString()).endsWith("Z");

        java.io.ByteArrayOutputStream empty = new java.io.ByteArrayOutputStream();
        export.write(UUID.randomUUID(), HistoryExport.Level.STEP, HistoryExport.Format.JSON, empty);
        assertThat(empty.toString(java.nio.charset.StandardCharsets.UTF_8).trim()).isEqualTo("[]");
    }

    @Test
    void diagnosticsComeBackAsCurvesPerLayerWithTheEdgeOfStabilityAndExport() {
        UUID id = job();
        List<StepMetrics> steps = new ArrayList<>();
        List<DiagnosticPoint> diagnostics = new ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            steps.add(new StepMetrics(s, s <= 2 ? 1 : 2, 1.0 / s, 0.5, 1, 2));
            for (int layer = 1; layer <= 2; layer++) {
                diagnostics.add(new DiagnosticPoint(Diagnostic.LAYER_GRADIENT_NORM, layer, s, s <= 2 ? 1 : 2,
                        10 * layer + s));
            }
        }
        diagnostics.add(new DiagnosticPoint(Diagnostic.SHARPNESS, 0, 2, 1, 3.5));
        diagnostics.add(new DiagnosticPoint(Diagnostic.SHARPNESS, 0, 4, 2, 3.9));
        diagnostics.add(new DiagnosticPoint(Diagnostic.SUBOPTIMALITY, 0, 4, 2, 0.01));
        diagnostics.sort(java.util.Comparator.comparingLong(DiagnosticPoint::step));
        history.append(id, steps.subList(0, 2), diagnostics.subList(0, 5), epoch(1, 2, 0.7));
        // appended again (a retried write), then the rest
        history.append(id, steps.subList(0, 2), diagnostics.subList(0, 5), epoch(1, 2, 0.7));
        history.append(id, steps.subList(2, 4), diagnostics.subList(5, diagnostics.size()), epoch(2, 4, 0.3));

        assertThat(history.diagnosticLayers(id, CurveMetric.of(Diagnostic.LAYER_GRADIENT_NORM))).containsExactly(1, 2);
        assertThat(history.curve(id, CurveMetric.of(Diagnostic.LAYER_GRADIENT_NORM), 100, DownsampleMethod.MINMAX, 0, null, 2)
                .points()).extracting(CurvePoint::value).containsExactly(21.0, 22.0, 23.0, 24.0);
        assertThat(history.curve(id, CurveMetric.of(Diagnostic.LAYER_GRADIENT_NORM), 100, DownsampleMethod.MINMAX, 0,
                CurveAxis.EPOCH, 1).points()).containsExactly(new CurvePoint(1, 11.5), new CurvePoint(2, 13.5));
        Curve suboptimality = history.curve(id, CurveMetric.of(Diagnostic.SUBOPTIMALITY), 100);
        assertThat(suboptimality.x()).isEqualTo("epoch");
        assertThat(suboptimality.points()).containsExactly(new CurvePoint(2, 0.01));
        assertThat(history.edgeOfStability(id, 100, CurveAxis.STEP).points())
                .containsExactly(new CurvePoint(2, 4.0), new CurvePoint(4, 4.0));
        assertThat(history.latestDiagnostics(id, 2, 4)).containsEntry("sharpness", 3.9)
                .containsEntry("layer_gradient_norm[1]", 14.0).doesNotContainKey("coherence");

        java.io.ByteArrayOutputStream csv = new java.io.ByteArrayOutputStream();
        export.write(id, HistoryExport.Level.DIAGNOSTIC, HistoryExport.Format.CSV, csv);
        String[] lines = csv.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).isEqualTo("step,metric,layer,epoch,metric_value");
        assertThat(lines).hasSize(1 + diagnostics.size()).contains("4,suboptimality,0,2,0.01");

        history.truncate(id, 2, 2);
        assertThat(history.curve(id, CurveMetric.of(Diagnostic.SHARPNESS), 100).points()).containsExactly(new CurvePoint(2, 3.5));
    }
}
