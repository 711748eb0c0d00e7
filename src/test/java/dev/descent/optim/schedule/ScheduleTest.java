package dev.descent.optim.schedule;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

/** Rates at t = 0, 1, … against values derived by hand from torch.optim.lr_scheduler's formulas. */
class ScheduleTest {

    private static double[] rates(ScheduleSpec spec, double base, long units, int count) {
        Schedule schedule = spec.create(base, units,
                new ScheduleContext(false, ScheduleContext.PastRuns.NONE, () -> false));
        return LongStream.range(0, count).mapToDouble(schedule::rate).toArray();
    }

    private static final double COS_QUARTER = (1 + Math.cos(Math.PI / 4)) / 2;

    @Test
    void constantStepAndExponential() {
        assertThat(rates(new ConstantSchedule(), 0.3, 10, 3)).containsExactly(0.3, 0.3, 0.3);
        assertThat(rates(new StepSchedule(2L, 0.5), 1, 10, 6)).containsExactly(1, 1, 0.5, 0.5, 0.25, 0.25);
        assertThat(rates(new ExponentialSchedule(0.5), 1, 10, 3)).containsExactly(1, 0.5, 0.25);
    }

    @Test
    void cosineOverTheRunOrAGivenPeriod() {
        assertThat(rates(new CosineSchedule(null, null), 1, 4, 5))
                .containsExactly(new double[]{1, COS_QUARTER, 0.5, 1 - COS_QUARTER, 0}, offset(1e-15));
        assertThat(rates(new CosineSchedule(0.1, 2L), 1, 100, 3))
                .containsExactly(new double[]{1, 0.55, 0.1}, offset(1e-15));
    }

    @Test
    void warmRestartsDoubleTheirPeriod() {
        assertThat(rates(new CosineWarmRestartsSchedule(2L, 2L, null), 1, 100, 7))
                .containsExactly(new double[]{1, 0.5, 1, COS_QUARTER, 0.5, 1 - COS_QUARTER, 1}, offset(1e-15));
    }

    @Test
    void linearDecaysToZeroAtTheEndOfTheRun() {
        assertThat(rates(new LinearSchedule(), 1, 4, 5)).containsExactly(new double[]{1, 0.75, 0.5, 0.25, 0}, offset(1e-15));
    }

    @Test
    void warmupRisesLinearlyThenHandsOver() {
        assertThat(rates(new WarmupSchedule(3L, null, null), 0.9, 10, 5))
                .containsExactly(new double[]{0.3, 0.5, 0.7, 0.9, 0.9}, offset(1e-15));
        // after warm-up the linear schedule runs over the remaining 4 units
        assertThat(rates(new WarmupSchedule(2L, 0.5, new LinearSchedule()), 1, 6, 6))
                .containsExactly(new double[]{0.5, 0.75, 1, 0.75, 0.5, 0.25}, offset(1e-15));
    }

    @Test
    void oneCycleGoesUpThenDownAsOneCycleLr() {
        // T = 10, pctStart 0.3: the peak at step 0.3·10 − 1 = 2, the end at step 9
        double[] r = rates(new OneCycleSchedule(null, null, null), 1, 10, 10);
        assertThat(r[0]).isCloseTo(1 / 25.0, offset(1e-15));
        assertThat(r[1]).isCloseTo(1 + (0.04 - 1) / 2, offset(1e-15));
        assertThat(r[2]).isCloseTo(1, offset(1e-15));
        assertThat(r[9]).isCloseTo(0.04 / 1e4, offset(1e-15));
        double last = 0.04 / 1e4;
        assertThat(r[5]).isCloseTo(last + (1 - last) * (1 + Math.cos(Math.PI * 3 / 7)) / 2, offset(1e-15));
    }

    @Test
    void refinedFromConstantNormsIsExactlyLinearDecay() {
        // docs/algorithms.md (the refined schedule): constant G ⇒ [1, .75, .5, .25, 0] for 5 steps, for either power
        for (boolean adamType : new boolean[]{false, true}) {
            assertThat(RefinedSchedule.refine(new double[]{2, 2, 2, 2, 2}, adamType, () -> false))
                    .containsExactly(new double[]{1, 0.75, 0.5, 0.25, 0}, offset(1e-15));
        }
    }

    @Test
    void refinedWeightsSmallGradientNormsMoreAndMedianFiltersSpikes() {
        // N = 4, width 1 (no smoothing): SGD weights w = G^−2 = (1, 1/4, 1, 1); η_t ∝ w_t Σ_{p>t} w_p
        double[] sgd = RefinedSchedule.refine(new double[]{1, 2, 1, 1}, false, () -> false);
        double[] raw = {1 * 2.25, 0.25 * 2, 1 * 1, 0};
        for (int t = 0; t < 4; t++) {
            assertThat(sgd[t]).isCloseTo(raw[t] / 2.25, offset(1e-15));
        }
        // N = 20 gives width 2·⌊0.1·20/2⌋ + 1 = 3: a lone spike is filtered out, leaving linear decay
        double[] norms = new double[20];
        java.util.Arrays.fill(norms, 1);
        norms[7] = 100;
        double[] filtered = RefinedSchedule.refine(norms, true, () -> false);
        for (int t = 0; t < 20; t++) {
            assertThat(filtered[t]).isCloseTo((19 - t) / 19.0, offset(1e-12));
        }
    }

    @Test
    void refinedStretchesThePastRunOntoTheNewLength() {
        ScheduleContext context = new ScheduleContext(false, (job, l1) -> new double[]{3, 3, 3, 3, 3}, () -> false);
        Schedule schedule = new RefinedSchedule(java.util.UUID.randomUUID()).create(0.4, 9, context);
        assertThat(LongStream.range(0, 9).mapToDouble(schedule::rate).toArray())
                .containsExactly(new double[]{0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0}, offset(1e-15));
    }
}
