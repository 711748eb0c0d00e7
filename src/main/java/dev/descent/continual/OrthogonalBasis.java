package dev.descent.continual;

import dev.descent.math.Blas;
import dev.descent.training.GradientFilter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.List;

/**
 * Orthogonal gradient descent's memory (Farajtabar et al. 2020): an orthonormal basis Q of the directions kept from
 * earlier tasks, one row per direction over all the parameters flattened, and the projection g ← g − Qᵀ(Qg) applied
 * to every later gradient, so a step leaves the kept outputs unchanged to first order.
 */
final class OrthogonalBasis implements GradientFilter {

    /** A direction whose part outside the basis is below this share of its norm adds nothing new: it is dropped. */
    private static final double NEW_SHARE = 1e-5;

    private final DataType dataType;
    private final long parameters;
    /** rows × parameters, in the model's data type; null while empty. */
    private INDArray basis;

    OrthogonalBasis(DataType dataType, long parameters) {
        this.dataType = dataType;
        this.parameters = parameters;
    }

    /** The directions kept so far. */
    int size() {
        return basis == null ? 0 : (int) basis.rows();
    }

    /** The basis, rows × parameters; for tests. */
    INDArray rows() {
        return basis;
    }

    /**
     * Adds the span of {@code directions} (rows × parameters): classical Gram–Schmidt applied twice to each row
     * ("twice is enough", Giraud et al. 2005), first against the basis so far as one block, then against the rows
     * of this block kept before it. A row already in the span is dropped.
     */
    void add(INDArray directions) {
        INDArray block = directions.castTo(dataType).dup('c');
        double[] norms = block.norm2(1).toDoubleVector();
        for (int pass = 0; pass < 2 && basis != null; pass++) {
            block.subi(block.mmul(basis.transpose()).mmul(basis));
        }
        INDArray grown = Nd4j.create(dataType, size() + block.rows(), parameters);
        if (basis != null) {
            grown.get(NDArrayIndex.interval(0, size()), NDArrayIndex.all()).assign(basis);
        }
        int kept = size();
        INDArray coefficients = Nd4j.create(dataType, block.rows());
        for (int i = 0; i < block.rows(); i++) {
            INDArray v = block.getRow(i).dup('c');
            int earlier = kept - size();
            for (int pass = 0; pass < 2 && earlier > 0; pass++) {
                // v ← v − Eᵀ(Ev), E the rows of this block kept so far
                Blas.gemv(grown, (long) size() * parameters, earlier, (int) parameters, false, 1, v, 0,
                        coefficients);
                Blas.gemv(grown, (long) size() * parameters, earlier, (int) parameters, true, -1, coefficients, 1,
                        v);
            }
            double rest = v.norm2Number().doubleValue();
            if (rest > NEW_SHARE * norms[i]) {
                grown.getRow(kept++).assign(v.divi(rest));
            }
        }
        basis = grown.get(NDArrayIndex.interval(0, kept), NDArrayIndex.all()).dup('c');
    }

    /**
     * Removes the basis' span from the gradient, g ← g − Qᵀ(Qg), parameter by parameter in the flattened order: each
     * parameter's gradient meets its own columns of Q, so the gradients are not gathered into one vector.
     */
    @Override
    public void apply(List<INDArray> gradients) {
        if (basis == null) {
            return;
        }
        int k = size();
        INDArray coefficients = Nd4j.create(dataType, k);
        List<INDArray> dense = gradients.stream().map(g -> Blas.denseRowMajor(g) ? g : g.dup('c')).toList();
        long offset = 0;
        for (INDArray g : dense) {
            Blas.gemv(basis, offset, k, (int) g.length(), false, 1, g, offset == 0 ? 0 : 1, coefficients);
            offset += g.length();
        }
        offset = 0;
        for (int p = 0; p < dense.size(); p++) {
            INDArray g = dense.get(p);
            Blas.gemv(basis, offset, k, (int) g.length(), true, -1, coefficients, 1, g);
            if (g != gradients.get(p)) {
                gradients.get(p).assign(g);
            }
            offset += g.length();
        }
    }

    /** One row of the flattened gradients, in the order {@link #apply} reads them. */
    static INDArray flattened(List<INDArray> gradients) {
        return Nd4j.toFlattened('c', gradients);
    }
}
