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
}
