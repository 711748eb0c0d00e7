package dev.descent.math;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dger;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sger;

/**
 * BLAS (the OpenBLAS that ND4J bundles and itself calls) on arrays laid out densely; views and strided arrays go
 * through ND4J's own operations. Measured on the reference model's shapes (docs/performance.md): ND4J's norm2 of the
 * 784×256 weight gradient took ~400 µs against snrm2's ~70 µs, θ − γg with a temporary ~280 µs against saxpy's
 * ~25 µs, and ND4J's route to sgemm adds ~25 µs to every product (an op object, shape checks, an op context).
 */
public final class Blas {

    private static final ThreadLocal<Map<DataType, INDArray>> ONES =
            ThreadLocal.withInitial(() -> new EnumMap<>(DataType.class));

    private Blas() {
    }

    /** ‖a‖₂ over every element. */
    public static double l2Norm(INDArray a) {
        return dense(a) ? Nd4j.getBlasWrapper().level1().nrm2(a) : a.norm2Number().doubleValue();
    }

    /** ‖a‖₁ over every element. */
    public static double l1Norm(INDArray a) {
        return dense(a) ? Nd4j.getBlasWrapper().level1().asum(a) : a.norm1Number().doubleValue();
    }

    /**
     * y ← x; x and y have the same shape. BLAS's copy: an ND4J assign costs an op's dispatch, which every step's
     * per-layer statistics would pay for every parameter (measured: tripled a step of the reference MLP).
     */
    public static void copy(INDArray x, INDArray y) {
        if (dense(x) && dense(y) && x.ordering() == y.ordering() && x.dataType() == y.dataType()
                && Arrays.equals(x.shape(), y.shape())) {
            Nd4j.getBlasWrapper().level1().copy(x, y);
        } else {
            y.assign(x);
        }
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

    /**
     * op(a)·op(b) as a row-major matrix taken from {@code out}, where op transposes when asked; a and b are matrices.
     */
    public static INDArray matmul(INDArray a, boolean transposeA, INDArray b, boolean transposeB, ScratchArrays out) {
        if (!dense(a) || !dense(b) || a.dataType() != b.dataType() || a.rank() != 2 || b.rank() != 2) {
            return Nd4j.gemm(a, b, transposeA, transposeB);
        }
        int m = (int) (transposeA ? a.columns() : a.rows());
        int k = (int) (transposeA ? a.rows() : a.columns());
        int n = (int) (transposeB ? b.rows() : b.columns());
        INDArray c = out.take(a.dataType(), m, n);
        // a column-major matrix is the row-major layout of its transpose
        int opA = transposeA != (a.ordering() == 'f') ? CblasTrans : CblasNoTrans;
        int opB = transposeB != (b.ordering() == 'f') ? CblasTrans : CblasNoTrans;
        int lda = (int) (a.ordering() == 'c' ? a.columns() : a.rows());
        int ldb = (int) (b.ordering() == 'c' ? b.columns() : b.rows());
        if (a.dataType() == DataType.FLOAT) {
            cblas_sgemm(CblasRowMajor, opA, opB, m, n, k, 1f, (FloatPointer) a.data().addressPointer(), lda,
                    (FloatPointer) b.data().addressPointer(), ldb, 0f, (FloatPointer) c.data().addressPointer(), n);
        } else {
            cblas_dgemm(CblasRowMajor, opA, opB, m, n, k, 1, (DoublePointer) a.data().addressPointer(), lda,
                    (DoublePointer) b.data().addressPointer(), ldb, 0, (DoublePointer) c.data().addressPointer(), n);
        }
        return c;
    }

    /** x ← αx in place. */
    public static INDArray scale(INDArray x, double alpha) {
        if (dense(x)) {
            Nd4j.getBlasWrapper().level1().scal(x.length(), alpha, x);
            return x;
        }
        return x.muli(alpha);
    }

    /** matrix ← matrix + 1·rowᵀ in place: the [1, columns] row added to every row (a rank-one update, ger). */
    public static void addToEveryRow(INDArray matrix, INDArray row) {
        if (!rowMajor(matrix) || !dense(row) || row.dataType() != matrix.dataType()) {
            matrix.addiRowVector(row);
            return;
        }
        int m = (int) matrix.rows();
        int n = (int) matrix.columns();
        if (matrix.dataType() == DataType.FLOAT) {
            cblas_sger(CblasRowMajor, m, n, 1f, (FloatPointer) ones(DataType.FLOAT, m), 1,
                    (FloatPointer) row.data().addressPointer(), 1, (FloatPointer) matrix.data().addressPointer(), n);
        } else {
            cblas_dger(CblasRowMajor, m, n, 1, (DoublePointer) ones(DataType.DOUBLE, m), 1,
                    (DoublePointer) row.data().addressPointer(), 1, (DoublePointer) matrix.data().addressPointer(), n);
        }
    }

    /** The sum of a matrix's rows as a [1, columns] row taken from {@code out}: matrixᵀ·1 (gemv). */
    public static INDArray columnSums(INDArray matrix, ScratchArrays out) {
        if (!rowMajor(matrix)) {
            return matrix.sum(true, 0);
        }
        int m = (int) matrix.rows();
        int n = (int) matrix.columns();
        INDArray sums = out.take(matrix.dataType(), 1, n);
        if (matrix.dataType() == DataType.FLOAT) {
            cblas_sgemv(CblasRowMajor, CblasTrans, m, n, 1f, (FloatPointer) matrix.data().addressPointer(), n,
                    (FloatPointer) ones(DataType.FLOAT, m), 1, 0f, (FloatPointer) sums.data().addressPointer(), 1);
        } else {
            cblas_dgemv(CblasRowMajor, CblasTrans, m, n, 1, (DoublePointer) matrix.data().addressPointer(), n,
                    (DoublePointer) ones(DataType.DOUBLE, m), 1, 0, (DoublePointer) sums.data().addressPointer(), 1);
        }
        return sums;
    }

    /**
     * y ← α·op(A)·x + β·y (gemv), A the {@code rows} × {@code columns} block that starts at element {@code offset} of
     * a dense row-major matrix (so its rows are the matrix's width apart), op(A) = Aᵀ when asked; x and y dense
     * vectors (any shape) of the matrix's type. The caller checks density ({@link #denseRowMajor}). ND4J's mmul of
     * such a block and vector took 7× as long on OGD's basis (400 × 89,610), docs/methods.md.
     */
    public static void gemv(INDArray matrix, long offset, int rows, int columns, boolean transpose, double alpha,
                            INDArray x, double beta, INDArray y) {
        int lda = (int) matrix.columns();
        int op = transpose ? CblasTrans : CblasNoTrans;
        if (matrix.dataType() == DataType.FLOAT) {
            cblas_sgemv(CblasRowMajor, op, rows, columns, (float) alpha,
                    new FloatPointer(matrix.data().addressPointer()).position(offset), lda,
                    (FloatPointer) x.data().addressPointer(), 1, (float) beta,
                    (FloatPointer) y.data().addressPointer(), 1);
        } else {
            cblas_dgemv(CblasRowMajor, op, rows, columns, alpha,
                    new DoublePointer(matrix.data().addressPointer()).position(offset), lda,
                    (DoublePointer) x.data().addressPointer(), 1, beta,
                    (DoublePointer) y.data().addressPointer(), 1);
        }
    }

    /** Whether BLAS can take the array as it is: float or double, its whole buffer, row-major. */
    public static boolean denseRowMajor(INDArray a) {
        return dense(a) && a.ordering() == 'c';
    }

    /** At least n ones of the given type, this thread's own, kept outside any workspace and only read. */
    private static Pointer ones(DataType type, int n) {
        Map<DataType, INDArray> cache = ONES.get();
        INDArray ones = cache.get(type);
        if (ones == null || ones.length() < n) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                ones = Nd4j.ones(type, Math.max(n, 2L * (ones == null ? 0 : ones.length())));
            }
            cache.put(type, ones);
        }
        return ones.data().addressPointer();
    }

    private static boolean rowMajor(INDArray matrix) {
        return dense(matrix) && matrix.rank() == 2 && matrix.ordering() == 'c';
    }

    /**
     * Every element of the array's buffer, one after another in its ordering (element-wise stride 1): a whole-buffer
     * reshape counts, as the layers' reshapes (flatten, a convolution's gradient as a matrix) are.
     */
    private static boolean dense(INDArray a) {
        return (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE) && !a.isEmpty()
                && a.offset() == 0 && a.length() == a.data().length()
                && Shape.hasDefaultStridesForShape(a) && a.elementWiseStride() == 1;
    }
}
