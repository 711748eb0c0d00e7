package dev.descent.training;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class SamplingTest {

    @Test
    void reshuffleDrawsANewPermutationEachEpochAndShuffleOnceKeepsOne() {
        int[] first = Sampling.RESHUFFLE.order(50, new SplittableRandom(1), 9);
        int[] second = Sampling.RESHUFFLE.order(50, new SplittableRandom(2), 9);
        assertThat(first).isNotEqualTo(second);
        assertThat(Arrays.stream(first).sorted().toArray()).isEqualTo(java.util.stream.IntStream.range(0, 50).toArray());
        assertThat(Sampling.SHUFFLE_ONCE.order(50, new SplittableRandom(1), 9))
                .isEqualTo(Sampling.SHUFFLE_ONCE.order(50, new SplittableRandom(2), 9));
        assertThat(Sampling.SEQUENTIAL.order(50, new SplittableRandom(1), 9)).isNull();
    }

    @Test
    void withReplacementRepeatsRows() {
        int[] order = Sampling.WITH_REPLACEMENT.order(1000, new SplittableRandom(3), 9);
        assertThat(order).hasSize(1000);
        assertThat(Arrays.stream(order).allMatch(i -> i >= 0 && i < 1000)).isTrue();
        // about 1 − 1/e of the rows appear: 632 ± a few dozen
        assertThat(Arrays.stream(order).distinct().count()).isBetween(580L, 690L);
    }
}
