package dev.descent.model.autodiff;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/** Small arrays read onto the heap, where a loop over a batch's outputs costs less than ND4J operations on them. */
public final class HeapCopy {

    private static final int FLOAT_CHUNK = 8192;

    private HeapCopy() {
    }

    /** The elements in row-major order, as float64. */
    public static double[] rowMajor(INDArray a) {
        return (a.ordering() == 'c' && !a.isView() ? a : a.dup('c')).data().asDouble();
    }

    /**
     * Row-major values written into a dense row-major float32 or float64 array of as many elements, returned. Float32
     * goes through a heap chunk copied in bulk: a buffer's element-by-element put is several times slower, which
     * matters for DP-SGD's noise (every parameter, every step).
     */
    public static INDArray write(double[] values, INDArray into) {
        if (into.isView() || into.ordering() != 'c' || into.length() != values.length) {
            throw new IllegalArgumentException("expected a dense row-major array of " + values.length + " elements");
        }
        if (into.dataType() == DataType.FLOAT) {
            FloatBuffer target = into.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
            float[] chunk = new float[Math.min(values.length, FLOAT_CHUNK)];
            for (int from = 0; from < values.length; from += chunk.length) {
                int length = Math.min(chunk.length, values.length - from);
                for (int i = 0; i < length; i++) {
                    chunk[i] = (float) values[from + i];
                }
                target.put(from, chunk, 0, length);
            }
        } else {
            DoubleBuffer target = into.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer();
            target.put(0, values);
        }
        return into;
    }
}
