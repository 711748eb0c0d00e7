package dev.descent.model.autodiff;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/** Small arrays read onto the heap, where a loop over a batch's outputs costs less than ND4J operations on them. */
public final class HeapCopy {

    private HeapCopy() {
    }

    /** The elements in row-major order, as float64. */
    public static double[] rowMajor(INDArray a) {
        return (a.ordering() == 'c' && !a.isView() ? a : a.dup('c')).data().asDouble();
    }

    /** Row-major values written into a dense row-major float32 or float64 array of as many elements, returned. */
    public static INDArray write(double[] values, INDArray into) {
        if (into.isView() || into.ordering() != 'c' || into.length() != values.length) {
            throw new IllegalArgumentException("expected a dense row-major array of " + values.length + " elements");
        }
        if (into.dataType() == DataType.FLOAT) {
            FloatBuffer target = into.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            for (int i = 0; i < values.length; i++) {
                target.put(i, (float) values[i]);
            }
        } else {
            DoubleBuffer target = into.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
            target.put(0, values);
        }
        return into;
    }
}
