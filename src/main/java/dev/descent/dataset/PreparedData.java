package dev.descent.dataset;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset ready for training: split, scaled and in the job's precision. Classification targets are one-hot
 * rows, regression targets a column. {@code valX} and {@code valY} are null without a validation split.
 * {@code standardization} is the scaling fitted on the training rows, kept with a trained model.
 */
public record PreparedData(Task task, List<String> classNames, INDArray trainX, INDArray trainY, INDArray valX,
                           INDArray valY, Standardization standardization) {

    /** Turns a standardised regression error back into the target's units. */
    public double targetScale() {
        return standardization.targetStd();
    }

    public int trainRows() {
        return (int) trainX.rows();
    }

    public int features() {
        return (int) trainX.columns();
    }

    public int outputs() {
        return (int) trainY.columns();
    }

    public boolean hasValidation() {
        return valX != null;
    }

    /**
     * Frees the arrays' off-heap memory now. Left to the collector it goes only once a finished job's data, long
     * promoted to the old generation, is found unreachable, which can take many jobs: each MNIST job left 188 MB
     * behind, and a server that had run six held 2 GB (docs/performance.md). The arrays are unusable afterwards.
     */
    public void release() {
        Stream.of(trainX, trainY, valX, valY).filter(a -> a != null && a.closeable()).forEach(INDArray::close);
    }

    /** The same data with only the training rows [from, to) (copies, so batches gather from contiguous rows). */
    public PreparedData withTrainingRows(int from, int to) {
        return new PreparedData(task, classNames, rows(trainX, from, to), rows(trainY, from, to), valX, valY,
                standardization);
    }

    private static INDArray rows(INDArray all, int from, int to) {
        return all.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
    }
}
