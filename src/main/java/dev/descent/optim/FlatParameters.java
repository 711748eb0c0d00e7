package dev.descent.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** Parameters or gradients seen as one float64 vector, for methods that work on the whole point at once. */
public final class FlatParameters {

    private FlatParameters() {
    }

    public static double[] flatten(List<INDArray> arrays) {
        long length = 0;
        for (INDArray a : arrays) {
            length += a.length();
        }
        double[] flat = new double[(int) length];
        int offset = 0;
        for (INDArray a : arrays) {
            double[] values = a.dup('c').reshape(a.length()).toDoubleVector();
            System.arraycopy(values, 0, flat, offset, values.length);
            offset += values.length;
        }
        return flat;
    }

    /** Writes a flat vector back into the parameters, in place. */
    public static void assign(List<INDArray> parameters, double[] flat) {
        int offset = 0;
        for (INDArray p : parameters) {
            int n = (int) p.length();
            double[] part = java.util.Arrays.copyOfRange(flat, offset, offset + n);
            p.assign(Nd4j.create(part, p.shape(), DataType.DOUBLE).castTo(p.dataType()));
            offset += n;
        }
    }

    public static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** a + s·b, as a new vector. */
    public static double[] plus(double[] a, double s, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] + s * b[i];
        }
        return out;
    }

    public static double maxAbs(double[] a) {
        double max = 0;
        for (double v : a) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
