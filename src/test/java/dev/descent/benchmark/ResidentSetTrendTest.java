package dev.descent.benchmark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ResidentSetTrendTest {

    @Test
    void lifetimesShareOneSlopeAfterTheirWarmUp() {
        ResidentSetTrend trend = new ResidentSetTrend();
        trend.add(0, 0.0, 5000); // warm-up: left out
        for (int minute = 1; minute <= 4; minute++) {
            trend.add(0, minute, 100 + 2.0 * minute);
        }
        for (int minute = 1; minute <= 4; minute++) {
            trend.add(1, minute, 900 + 2.0 * minute); // a restart: a new intercept, the same growth
        }
        // one line through all samples would see a jump of 800 MB, not a growth of 2 MB/min
        assertThat(trend.slope(0.5)).isCloseTo(2.0, within(1e-12));
        assertThat(trend.slope(10)).isNaN();
        assertThat(trend.lastOfEachLifetime()).containsExactly(108.0, 908.0);
    }
}
