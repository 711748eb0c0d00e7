package dev.descent.optim.schedule;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sliding median against the sorted windows it replaces, and its cost on the longest runs a job records. */
class SlidingMedianTest {

    /** The window the refined schedule used to sort at every step: cut to the series, even-sized ones averaged. */
    private static double[] sortedWindows(double[] values, int half) {
        int n = values.length;
        double[] medians = new double[n];
        for (int t = 0; t < n; t++) {
            double[] window = Arrays.copyOfRange(values, Math.max(0, t - half), Math.min(n, t + half + 1));
            Arrays.sort(window);
            medians[t] = window.length % 2 == 1 ? window[window.length / 2]
                    : (window[window.length / 2 - 1] + window[window.length / 2]) / 2;
        }
        return medians;
    }

    @Test
    void equalsTheSortedWindowsOnRandomSeriesOfEveryShape() {
        SplittableRandom random = new SplittableRandom(23);
        for (int trial = 0; trial < 2000; trial++) {
            int n = random.nextInt(1, 120);
            // half widths from 0 (the value itself) past the series' length (every window cut at both edges)
            int half = random.nextInt(0, n + 3);
            double[] values = new double[n];
            int distinct = random.nextInt(1, 6); // few distinct values: many ties
            for (int i = 0; i < n; i++) {
                values[i] = trial % 2 == 0 ? random.nextDouble() * 100 : (double) random.nextInt(distinct);
            }
            assertThat(SlidingMedian.of(values, half, () -> false)).as("n=%d half=%d", n, half)
                    .containsExactly(sortedWindows(values, half));
        }
    }

    @Test
    void theRefinedSchedulesWidthOverAGradientNormCurve() {
        SplittableRandom random = new SplittableRandom(7);
        double[] norms = new double[8_001];
        for (int t = 0; t < norms.length; t++) {
            norms[t] = 5 * Math.exp(-t / 2000.0) + random.nextDouble() + (t % 997 == 0 ? 50 : 0);
        }
        int half = (int) (0.1 * norms.length / 2);
        assertThat(SlidingMedian.of(norms, half, () -> false)).containsExactly(sortedWindows(norms, half));
    }

    /** Sorting 0.1·N values at each of 1.2M steps took hours; the sliding filter takes well under a second. */
    @Test
    void filtersMillionsOfValuesInAFewSeconds() {
        SplittableRandom random = new SplittableRandom(1);
        double[] norms = random.doubles(1_200_000).toArray();
        long started = System.nanoTime();
        double[] eta = RefinedSchedule.refine(norms, false, () -> false);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(eta).hasSize(norms.length);
        assertThat(eta[eta.length - 1]).isZero();
        assertThat(seconds).as("seconds to refine 1.2M steps").isLessThan(5);
    }

    @Test
    void givesUpOnceStopped() {
        double[] norms = new SplittableRandom(2).doubles(200_000).toArray();
        AtomicInteger looks = new AtomicInteger();
        assertThatThrownBy(() -> RefinedSchedule.refine(norms, true, () -> looks.incrementAndGet() > 3))
                .isInstanceOf(CancellationException.class);
        assertThat(looks).hasValue(4);
    }
}
