package dev.descent.dataset;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A linear map of the (scaled) features onto fewer network inputs, x' = x·P, kept with a trained model and applied
 * again, after its {@link Standardization}, to the rows it predicts on.
 *
 * @param matrix P, row-major inputs × components; its columns are orthonormal directions (principal components)
 */
public record InputProjection(int inputs, int components, double[] matrix) {

    public InputProjection {
        if (inputs < 1 || components < 1 || matrix.length != (long) inputs * components) {
            throw new IllegalArgumentException("a projection of " + inputs + " inputs onto " + components
                    + " components needs " + (long) inputs * components + " values, has " + matrix.length);
        }
    }

    private INDArray matrix(DataType dataType) {
        return Nd4j.create(matrix, new long[]{inputs, components}, DataType.DOUBLE).castTo(dataType);
    }

    /** x·P, in x's precision. */
    public INDArray apply(INDArray x) {
        if (x.columns() != inputs) {
            throw new IllegalArgumentException("rows of " + x.columns() + " values cannot be projected from "
                    + inputs + " inputs");
        }
        return x.mmul(matrix(x.dataType()));
    }

    /** The same data with its training and validation rows projected (targets and scaling unchanged). */
    public PreparedData apply(PreparedData data) {
        return new PreparedData(data.task(), data.classNames(), apply(data.trainX()), data.trainY(),
                data.hasValidation() ? apply(data.valX()) : null, data.valY(), data.standardization());
    }
}
