package dev.descent.model.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Small arrays read onto the heap, where a loop over a batch's outputs costs less than ND4J operations on them. */
public final class HeapCopy {

    private HeapCopy() {
    }

    /** The elements in row-major order, as float64. */
    public static double[] rowMajor(INDArray a) {
        return (a.ordering() == 'c' && !a.isView() ? a : a.dup('c')).data().asDouble();
    }
}
