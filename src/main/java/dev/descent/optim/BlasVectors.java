package dev.descent.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * Whole-array norms and y ← y + αx by BLAS level 1 (OpenBLAS), for arrays laid out densely; views and strided
 * arrays go through ND4J's own operations. On the reference model's 784×256 weight gradient ND4J's norm2 took
 * ~400 µs against snrm2's ~70 µs, and θ − γg with a temporary ~280 µs against saxpy's ~25 µs: together a quarter
 * of a training step (measured with the benchmark, docs/performance.md).
 */
public final class BlasVectors {

    private BlasVectors() {
    }

    /** ‖a‖₂ over every element. */
    public static double l2Norm(INDArray a) {
        return dense(a) ? Nd4j.getBlasWrapper().level1().nrm2(a) : a.norm2Number().doubleValue();
    }

    /** ‖a‖₁ over every element. */
    public static double l1Norm(INDArray a) {
        return dense(a) ? Nd4j.getBlasWrapper().level1().asum(a) : a.norm1Number().doubleValue();
    }

    /** y ← y + αx in place; x and y have the same shape. */
    public static void addScaled(INDArray y, double alpha, INDArray x) {
        if (dense(x) && dense(y) && x.ordering() == y.ordering() && x.dataType() == y.dataType()
                && Arrays.equals(x.shape(), y.shape())) {
            Nd4j.getBlasWrapper().level1().axpy(x.length(), alpha, x, y);
        } else {
            y.addi(x.mul(alpha));
        }
    }

    /** Every element in the array's own buffer, one after another in its ordering (element-wise stride 1). */
    private static boolean dense(INDArray a) {
        return (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE) && !a.isEmpty() && !a.isView()
                && Shape.hasDefaultStridesForShape(a) && a.elementWiseStride() == 1;
    }
}
