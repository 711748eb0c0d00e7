package dev.descent.diagnostics;

import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.math.Blas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * λ_max of the Hessian of the loss on a fixed sample (docs/algorithms.md, "Sharpness"), by power iteration on
 * Hessian-vector products taken as central differences of gradients, Hv ≈ (∇f(θ + hv) − ∇f(θ − hv)) / 2h with
 * h = ∛ε of the model's precision (the step that balances truncation and rounding error for a unit v). The estimate
 * is the Rayleigh quotient vᵀHv; iteration stops when it changes by less than the tolerance, relatively, or at the
 * cap. Each measurement starts from the last one's vector, so a slowly turning top eigenvector is found again in a
 * few products. Power iteration finds the eigenvalue of largest magnitude: the top one wherever the loss is
 * locally convex enough to matter for stability, which is where Cohen et al. measure it. The parameters are put
 * back bit for bit.
 */
public final class Sharpness {

    /** An estimate and the Hessian-vector products it took. */
    public record Estimate(double value, int iterations) {
    }

    private final int maxIterations;
    private final double tolerance;
    private final long seed;
    /** The last measurement's vector, in the parameters' shapes; null before the first. */
    private List<INDArray> vector;

    public Sharpness(int maxIterations, double tolerance, long seed) {
        this.maxIterations = maxIterations;
        this.tolerance = tolerance;
        this.seed = seed;
    }

    /**
     * Vectors are kept as arrays of the parameters' shapes and combined with BLAS calls: flattening a vector of a
     * few hundred thousand values into Java arrays per product cost more than the product's gradients (measured).
     */
    public Estimate measure(Model model, Loss loss, INDArray x, INDArray y) {
        List<INDArray> parameters = model.parameters();
        List<INDArray> theta;
        List<INDArray> hv;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            theta = parameters.stream().map(INDArray::dup).toList();
            hv = parameters.stream().map(INDArray::ulike).toList();
            if (vector == null) {
                vector = random(parameters);
            }
        }
        double h = Math.cbrt(model.dataType() == DataType.DOUBLE ? Math.ulp(1.0) : Math.ulp(1.0f));
        double estimate = Double.NaN;
        int iteration = 0;
        try {
            while (iteration < maxIterations) {
                iteration++;
                try (MemoryWorkspace ignored = DiagnosticsWorkspace.open()) {
                    hessianTimes(model, loss, x, y, parameters, theta, h, hv);
                }
                double next = dot(vector, hv);
                double norm = Math.sqrt(dot(hv, hv));
                if (norm == 0 || !Double.isFinite(norm)) {
                    estimate = next;
                    break;
                }
                for (int p = 0; p < hv.size(); p++) {
                    Blas.copy(hv.get(p), vector.get(p));
                    vector.get(p).muli(1 / norm);
                }
                boolean settled = Math.abs(next - estimate) <= tolerance * Math.abs(next);
                estimate = next;
                if (settled) {
                    break;
                }
            }
        } finally {
            for (int p = 0; p < parameters.size(); p++) {
                Blas.copy(theta.get(p), parameters.get(p));
            }
        }
        return new Estimate(estimate, iteration);
    }

    /** out ← (∇f(θ + hv) − ∇f(θ − hv)) / 2h, v the current vector; the parameters are left at θ − hv. */
    private void hessianTimes(Model model, Loss loss, INDArray x, INDArray y, List<INDArray> parameters,
                              List<INDArray> theta, double h, List<INDArray> out) {
        moveTo(parameters, theta, h);
        List<INDArray> plus = model.gradient(x, y, loss, null).gradients();
        for (int p = 0; p < out.size(); p++) {
            Blas.copy(plus.get(p), out.get(p));
        }
        moveTo(parameters, theta, -h);
        List<INDArray> minus = model.gradient(x, y, loss, null).gradients();
        for (int p = 0; p < out.size(); p++) {
            Blas.addScaled(out.get(p), -1, minus.get(p));
            out.get(p).muli(1 / (2 * h));
        }
    }

    /** parameters ← θ + t·v. */
    private void moveTo(List<INDArray> parameters, List<INDArray> theta, double t) {
        for (int p = 0; p < parameters.size(); p++) {
            Blas.copy(theta.get(p), parameters.get(p));
            Blas.addScaled(parameters.get(p), t, vector.get(p));
        }
    }

    private static double dot(List<INDArray> a, List<INDArray> b) {
        double sum = 0;
        for (int p = 0; p < a.size(); p++) {
            sum += Nd4j.getBlasWrapper().dot(a.get(p), b.get(p));
        }
        return sum;
    }

    /** A unit vector of independent Gaussians, in the parameters' shapes and precision. */
    private List<INDArray> random(List<INDArray> parameters) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<INDArray> v = new ArrayList<>();
        double sum = 0;
        for (INDArray p : parameters) {
            double[] values = new double[(int) p.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rng.nextGaussian();
                sum += values[i] * values[i];
            }
            v.add(Nd4j.create(values, p.shape(), DataType.DOUBLE).castTo(p.dataType()));
        }
        double norm = Math.sqrt(sum);
        v.forEach(a -> a.muli(1 / norm));
        return v;
    }
}
