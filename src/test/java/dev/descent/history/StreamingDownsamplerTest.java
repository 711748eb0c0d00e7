package dev.descent.history;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming downsamplers give exactly the plain {@link Downsampler}'s points, from a curve read in passes. */
class StreamingDownsamplerTest {

    @Test
    void equalsThePlainDownsamplerForEveryLengthAndBudget() {
        Random random = new Random(23);
        for (int n : new int[] {0, 1, 2, 3, 4, 5, 7, 10, 99, 100, 101, 1000, 4097, 30_000}) {
            for (int maxPoints : new int[] {1, 2, 3, 4, 5, 6, 10, 99, 100, 1000}) {
                for (double smoothing : new double[] {0, 0.9}) {
                    Series series = new Series(n);
                    for (int i = 0; i < n; i++) {
                        // steps with a gap, as after a resume; a flat stretch, so ties are broken as the plain ones do
                        long step = i < n / 2 ? i + 1 : i + 10;
                        series.add(step, i % 7 == 0 ? 1.0 : random.nextGaussian() / Math.sqrt(i + 1));
                    }
                    for (DownsampleMethod method : DownsampleMethod.values()) {
                        List<CurvePoint> plain = Downsampler.downsample(series.smoothed(smoothing), maxPoints, method);
                        assertThat(streamed(series, method, maxPoints, smoothing))
                                .as("n %d, maxPoints %d, %s, smoothing %s", n, maxPoints, method, smoothing)
                                .isEqualTo(plain);
                    }
                }
            }
        }
    }

    @Test
    void holdsNoMoreThanItKeeps() {
        int n = 1_000_000;
        Series series = new Series(n);
        for (int i = 0; i < n; i++) {
            series.add(i + 1, Math.sin(i / 1000.0));
        }
        for (DownsampleMethod method : DownsampleMethod.values()) {
            StreamingDownsampler points = StreamingDownsampler.of(method, n, 1000);
            read(series, points, 0);
            assertThat(points.out).hasSizeLessThanOrEqualTo(1000);
            assertThat(points.points()).hasSizeLessThanOrEqualTo(1000);
        }
    }

    @Test
    void aHistoryCutBackBetweenPassesEndsAtItsLastPointRead() {
        Series series = new Series(500);
        for (int i = 0; i < 500; i++) {
            series.add(i + 1, i % 3);
        }
        for (DownsampleMethod method : DownsampleMethod.values()) {
            StreamingDownsampler points = StreamingDownsampler.of(method, 1000, 100);
            read(series, points, 0);
            List<CurvePoint> curve = points.points();
            assertThat(curve.get(0)).isEqualTo(new CurvePoint(1, 0));
            assertThat(curve.get(curve.size() - 1)).isEqualTo(new CurvePoint(500, 499 % 3));
            assertThat(curve).extracting(CurvePoint::x).isSorted().doesNotHaveDuplicates();
        }
    }

    private static List<CurvePoint> streamed(Series series, DownsampleMethod method, int maxPoints, double smoothing) {
        StreamingDownsampler points = StreamingDownsampler.of(method, series.size(), maxPoints);
        read(series, points, smoothing);
        return new ArrayList<>(points.points());
    }

    private static void read(Series series, StreamingDownsampler points, double smoothing) {
        for (int pass = 0; pass < points.passes(); pass++) {
            Smoothing ema = new Smoothing(smoothing);
            for (int i = 0; i < series.size(); i++) {
                points.add(pass, i, series.x(i), ema.next(series.y(i)));
            }
        }
    }
}
