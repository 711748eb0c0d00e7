package dev.descent.history;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DownsamplerTest {

    @Test
    void keepsShortCurvesWhole() {
        List<CurvePoint> points = List.of(new CurvePoint(1, 3), new CurvePoint(2, 1));
        assertThat(Downsampler.minMax(points, 10)).isEqualTo(points);
    }

    @Test
    void keepsFirstLastAndEveryExtremeWithinTheBudget() {
        List<CurvePoint> points = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            points.add(new CurvePoint(i, Math.sin(i / 1000.0)));
        }
        points.set(54_321, new CurvePoint(54_321, 50));
        points.set(12_345, new CurvePoint(12_345, -50));
        List<CurvePoint> sampled = Downsampler.minMax(points, 200);
        assertThat(sampled.size()).isLessThanOrEqualTo(200);
        assertThat(sampled.get(0)).isEqualTo(points.get(0));
        assertThat(sampled.get(sampled.size() - 1)).isEqualTo(points.get(99_999));
        assertThat(sampled).contains(points.get(54_321), points.get(12_345));
        assertThat(sampled).isSortedAccordingTo(java.util.Comparator.comparingLong(CurvePoint::x));
    }

    @Test
    void lttbKeepsFirstAndLastWithinTheBudgetInOrder() {
        List<CurvePoint> points = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            points.add(new CurvePoint(i, Math.sin(i / 1000.0) + (i % 7) * 0.01));
        }
        points.set(54_321, new CurvePoint(54_321, 50));
        List<CurvePoint> sampled = Downsampler.lttb(points, 200);
        assertThat(sampled).hasSize(200);
        assertThat(sampled.get(0)).isEqualTo(points.get(0));
        assertThat(sampled.get(199)).isEqualTo(points.get(99_999));
        // a lone spike makes the largest triangle in its bucket
        assertThat(sampled).contains(points.get(54_321));
        assertThat(sampled).isSortedAccordingTo(java.util.Comparator.comparingLong(CurvePoint::x));
        assertThat(sampled).doesNotHaveDuplicates();
        assertThat(points).containsAll(sampled);
    }

    @Test
    void lttbKeepsShortCurvesWholeAndTinyBudgetsKeepTheEnds() {
        List<CurvePoint> points = List.of(new CurvePoint(1, 3), new CurvePoint(2, 1), new CurvePoint(3, 2));
        assertThat(Downsampler.lttb(points, 3)).isEqualTo(points);
        assertThat(Downsampler.lttb(points, 2)).containsExactly(points.get(0), points.get(2));
    }

    @Test
    void emaSmoothingIsDebiased() {
        Series series = Series.of(List.of(new CurvePoint(1, 4), new CurvePoint(2, 0), new CurvePoint(3, 4)));
        Series smoothed = series.smoothed(0.5);
        // by hand: m1 = 2 -> 2/(1-0.5) = 4; m2 = 1 -> 1/0.75; m3 = 0.5+2 = 2.5 -> 2.5/0.875
        assertThat(smoothed.y(0)).isEqualTo(4.0);
        assertThat(smoothed.y(1)).isCloseTo(1 / 0.75, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(smoothed.y(2)).isCloseTo(2.5 / 0.875, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(series.smoothed(0)).isSameAs(series);
    }
}
