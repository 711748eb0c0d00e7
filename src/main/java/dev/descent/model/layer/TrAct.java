package dev.descent.model.layer;

import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Supplier;

/**
 * TrAct (Petersen, Borgelt and Ermon, "TrAct: Making First-layer Pre-Activations Trainable", NeurIPS 2024): the first
 * layer's weight gradient G is replaced by the weights that best realise a gradient step on its pre-activations,
 * G·(XᵀX/N + λI)⁻¹ on the side of the inputs, X the N rows its weights multiply (a dense layer's examples, a
 * convolution's patches); docs/algorithms.md. It changes only what reaches the weights in the backward pass: the
 * forward pass, the bias and the gradient passed on are the layer's own.
 */
public record TrAct(double lambda) {

    /** The default λ, the paper's. */
    public static final double LAMBDA = 0.1;

    /** Dense weights W [d, units] on the rows x [n, d]: the weights' gradient becomes (xᵀx/n + λI)⁻¹·G. */
    Var denseWeights(Tape tape, Var weights, INDArray x) {
        return tape.operation(weights.value(), g -> new INDArray[]{
                solve(Nd4j.gemm(x, x, true, false), x.rows(), g)}, weights);
    }

    /**
     * Convolution weights W [filters, channels, kh, kw] on the patches, the columns of U [channels·kh·kw, N]: the
     * weights' gradient, as the [filters, channels·kh·kw] matrix it is, becomes G·(UUᵀ/N + λI)⁻¹.
     */
    Var convolutionWeights(Tape tape, Var weights, Supplier<INDArray> patches) {
        return tape.operation(weights.value(), g -> {
            INDArray u = patches.get();
            // G·M⁻¹ = (M⁻¹·Gᵀ)ᵀ, M symmetric
            INDArray solved = solve(Nd4j.gemm(u, u, false, true), u.columns(),
                    g.reshape('c', g.size(0), u.rows()).transpose());
            return new INDArray[]{solved.transpose().dup('c').reshape('c', g.shape())};
        }, weights);
    }

    /** (gram/rows + λI)⁻¹·b, solved in float64 (the matrix is symmetric positive definite), in b's precision. */
    private INDArray solve(INDArray gram, long rows, INDArray b) {
        INDArray m = gram.castTo(DataType.DOUBLE).divi(rows);
        m.addi(Nd4j.eye(m.rows()).castTo(DataType.DOUBLE).muli(lambda));
        INDArray solution = Nd4j.createUninitialized(DataType.DOUBLE, b.shape());
        Nd4j.exec(DynamicCustomOp.builder("solve").addInputs(m, b.castTo(DataType.DOUBLE).dup('c'))
                .addOutputs(solution).build());
        return solution.castTo(b.dataType());
    }
}
