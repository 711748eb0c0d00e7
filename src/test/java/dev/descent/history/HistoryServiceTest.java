package dev.descent.history;

import dev.descent.training.EpochMetrics;
import dev.descent.training.StepMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** History written in batches and read back as epochs and curves, on the real schema. */
@DataJpaTest(properties = "spring.datasource.url=jdbc:h2:mem:history;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@Import(HistoryService.class)
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
}
