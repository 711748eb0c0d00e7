package dev.descent.training;

import dev.descent.math.ScratchArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A batch's rows gathered from the training set into one of the step's arrays. From a dense row-major array each row
 * is one memory copy; ND4J's native pullRows, which copies element by element, took 1.5 times as long for an MNIST
 * batch and 6% of a training step (INDArray.getRows ten times as long).
 */
final class BatchGather {

    private BatchGather() {
    }

    /** Rows {@code order[from..to)} of {@code all}, in that order. */
    static INDArray rows(INDArray all, int[] order, int from, int to, ScratchArrays out) {
        if (from == to) {
            return Nd4j.create(all.dataType(), 0, all.columns());
        }
        if (all.ordering() != 'c' || all.isView() || !Shape.hasDefaultStridesForShape(all)) {
            return Nd4j.pullRows(all, 1, Arrays.copyOfRange(order, from, to));
        }
        INDArray batch = out.take(all.dataType(), to - from, all.columns());
        ByteBuffer source = all.data().asNio();
        ByteBuffer target = batch.data().asNio();
        int rowBytes = (int) all.columns() * all.dataType().width();
        for (int i = from; i < to; i++) {
            target.put((i - from) * rowBytes, source, order[i] * rowBytes, rowBytes);
        }
        return batch;
    }
}
