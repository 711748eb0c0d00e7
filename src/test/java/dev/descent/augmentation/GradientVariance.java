package dev.descent.augmentation;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The spread of a stochastic gradient's draws: E‖g − E g‖² over all parameters, accumulated one draw at a time. */
public final class GradientVariance {

    private final List<double[]> draws = new ArrayList<>();

    /** One draw: a gradient per parameter. */
    public void add(List<INDArray> gradients) {
        draws.add(gradients.stream().flatMapToDouble(g -> Arrays.stream(g.dup().data().asDouble())).toArray());
    }

    public double value() {
        double[] mean = new double[draws.get(0).length];
        draws.forEach(g -> Arrays.setAll(mean, i -> mean[i] + g[i] / draws.size()));
        return draws.stream().mapToDouble(g -> {
            double sum = 0;
            for (int i = 0; i < g.length; i++) {
                sum += (g[i] - mean[i]) * (g[i] - mean[i]);
            }
            return sum;
        }).average().orElseThrow();
    }
}
