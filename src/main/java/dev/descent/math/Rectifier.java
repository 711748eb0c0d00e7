package dev.descent.math;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * ReLU and its gradient as Java loops over the arrays' memory, into arrays the caller provides. ND4J's transforms
 * make a new array for each result (relu_bp, or sign then multiply: ~80–150 µs on a 128×256 batch), and every new
 * array costs deallocator bookkeeping that lengthens GC pauses (docs/performance.md); the loops allocate nothing.
 */
public final class Rectifier {

    private Rectifier() {
    }

    /** out ← max(0, x); x and out have the same shape. */
    public static INDArray forward(INDArray x, INDArray out) {
        if (!rowMajor(x, out)) {
            return out.assign(Transforms.relu(x, true));
        }
        if (x.dataType() == DataType.FLOAT) {
            FloatBuffer in = floats(x);
            FloatBuffer to = floats(out);
            for (int i = 0, n = in.limit(); i < n; i++) {
                float v = in.get(i);
                to.put(i, v > 0 ? v : 0f);
            }
        } else {
            DoubleBuffer in = doubles(x);
            DoubleBuffer to = doubles(out);
            for (int i = 0, n = in.limit(); i < n; i++) {
                double v = in.get(i);
                to.put(i, v > 0 ? v : 0d);
            }
        }
        return out;
    }

    /** out ← g where y > 0, else 0: the gradient at ReLU's input from its output y and the gradient g there. */
    public static INDArray backward(INDArray y, INDArray g, INDArray out) {
        if (!rowMajor(y, g) || !rowMajor(y, out)) {
            return out.assign(Transforms.sign(y, true).muli(g));
        }
        if (y.dataType() == DataType.FLOAT) {
            FloatBuffer output = floats(y);
            FloatBuffer gradient = floats(g);
            FloatBuffer to = floats(out);
            for (int i = 0, n = output.limit(); i < n; i++) {
                to.put(i, output.get(i) > 0 ? gradient.get(i) : 0f);
            }
        } else {
            DoubleBuffer output = doubles(y);
            DoubleBuffer gradient = doubles(g);
            DoubleBuffer to = doubles(out);
            for (int i = 0, n = output.limit(); i < n; i++) {
                to.put(i, output.get(i) > 0 ? gradient.get(i) : 0d);
            }
        }
        return out;
    }

    private static FloatBuffer floats(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().limit((int) a.length());
    }

    private static DoubleBuffer doubles(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().limit((int) a.length());
    }

    /** Both dense, row-major, of one floating type and shape: element i of one is element i of the other. */
    private static boolean rowMajor(INDArray a, INDArray b) {
        return (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE) && a.dataType() == b.dataType()
                && Arrays.equals(a.shape(), b.shape()) && dense(a) && dense(b);
    }

    private static boolean dense(INDArray a) {
        return !a.isView() && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a) && a.length() > 0;
    }
}
