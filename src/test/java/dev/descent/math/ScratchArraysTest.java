package dev.descent.math;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.assertj.core.api.Assertions.assertThat;

class ScratchArraysTest {

    @Test
    void eachPositionHandsOutTheSameArrayEveryStep() {
        try (ScratchArrays arrays = ScratchArrays.reused()) {
            INDArray first = arrays.take(DataType.FLOAT, 4, 3);
            INDArray second = arrays.take(DataType.FLOAT, 1, 3);
            arrays.rewind();
            assertThat(arrays.take(DataType.FLOAT, 4, 3)).isSameAs(first);
            assertThat(arrays.take(DataType.FLOAT, 1, 3)).isSameAs(second);
            assertThat(first.shape()).containsExactly(4, 3);
            assertThat(first.ordering()).isEqualTo('c');
            assertThat(first.isAttached()).as("kept outside any workspace").isFalse();
        }
    }

    @Test
    void aPositionKeepsTwoShapesAndReplacesTheOlderWithAThird() {
        try (ScratchArrays arrays = ScratchArrays.reused()) {
            INDArray full = arrays.take(DataType.DOUBLE, 8, 2);
            arrays.rewind();
            INDArray lastBatch = arrays.take(DataType.DOUBLE, 3, 2);
            arrays.rewind();
            assertThat(arrays.take(DataType.DOUBLE, 8, 2)).isSameAs(full);
            arrays.rewind();
            assertThat(arrays.take(DataType.DOUBLE, 3, 2)).isSameAs(lastBatch);
            arrays.rewind();
            INDArray other = arrays.take(DataType.FLOAT, 3, 2);
            assertThat(other).isNotSameAs(lastBatch);
            assertThat(full.wasClosed()).as("the least recent of the two kept is freed").isTrue();
            arrays.rewind();
            assertThat(arrays.take(DataType.DOUBLE, 3, 2)).isSameAs(lastBatch);
        }
    }

    @Test
    void freshArraysAreNewEveryTime() {
        ScratchArrays arrays = ScratchArrays.fresh();
        INDArray first = arrays.take(DataType.FLOAT, 2, 2);
        arrays.rewind();
        assertThat(arrays.take(DataType.FLOAT, 2, 2)).isNotSameAs(first);
    }

    @Test
    void closeFreesWhatWasKept() {
        ScratchArrays arrays = ScratchArrays.reused();
        INDArray kept = arrays.take(DataType.FLOAT, 2, 2);
        arrays.close();
        assertThat(kept.wasClosed()).isTrue();
    }
}
