package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;

/**
 * Exponentiated gradient (Kivinen & Warmuth 1997), each parameter array on its own constraint set, kept in log
 * space: EG keeps w ≥ 0 with Σw = U (w_i ← w_i e^{−γ g_i}/Z); EG± keeps w = w⁺ − w⁻ with Σ(w⁺ + w⁻) = U, an L1 ball
 * of radius U (w⁺ ← w⁺e^{−γg}, w⁻ ← w⁻e^{+γg}, renormalised). Both start at the centre of their set (uniform
 * weights; w⁺ = w⁻), whatever the initialisation.
 */
final class ExponentiatedGradient implements Optimizer {

    private final double total;
    private final boolean signed;
    private final List<INDArray> logPositive = new ArrayList<>();
    private final List<INDArray> logNegative = new ArrayList<>();

    ExponentiatedGradient(double total, boolean signed) {
        this.total = total;
        this.signed = signed;
    }

    @Override
    public void step(List<INDArray> parameters, List<INDArray> gradients, double learningRate,
                     GradientOracle oracle) {
        if (logPositive.isEmpty()) {
            for (INDArray p : parameters) {
                double start = Math.log(total / (signed ? 2.0 * p.length() : p.length()));
                logPositive.add(OptimizerState.zerosLike(p).addi(start));
                logNegative.add(signed ? OptimizerState.zerosLike(p).addi(start) : null);
            }
        }
        for (int i = 0; i < parameters.size(); i++) {
            INDArray g = gradients.get(i);
            INDArray plus = logPositive.get(i).subi(g.mul(learningRate));
            INDArray minus = signed ? logNegative.get(i).addi(g.mul(learningRate)) : null;
            double logZ = signed ? logSumExp(plus, minus) : logSumExp(plus, null);
            double shift = Math.log(total) - logZ;
            plus.addi(shift);
            INDArray w = Transforms.exp(plus, true);
            if (signed) {
                minus.addi(shift);
                w.subi(Transforms.exp(minus, true));
            }
            parameters.get(i).assign(w);
        }
    }

    /** log Σ exp over one or two arrays, from the maximum so nothing overflows. */
    private static double logSumExp(INDArray a, INDArray b) {
        double max = a.maxNumber().doubleValue();
        if (b != null) {
            max = Math.max(max, b.maxNumber().doubleValue());
        }
        double shift = max;
        double sum = OptimizerState.kept(() -> Transforms.exp(a.sub(shift), false).sumNumber().doubleValue()
                + (b != null ? Transforms.exp(b.sub(shift), false).sumNumber().doubleValue() : 0));
        return max + Math.log(sum);
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return OptimizerSnapshot.builder().arrays("logPositive", logPositive).arrays("logNegative", logNegative).build();
    }

    @Override
    public void restore(OptimizerSnapshot snapshot, List<INDArray> parameters) {
        OptimizerSnapshot.replace(logPositive, snapshot.arrays("logPositive", parameters));
        OptimizerSnapshot.replace(logNegative, snapshot.arrays("logNegative", parameters));
    }
}
