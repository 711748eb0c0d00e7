package dev.descent.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/** Runs an optimizer on f(θ) = ½‖θ‖², whose gradient is θ itself, in float64. */
final class QuadraticSteps {

    static final OptimizerContext CONTEXT = new OptimizerContext(100, 10, 7);

    private QuadraticSteps() {
    }

    /** θ after each of {@code steps} steps, starting from {@code start}. */
    static double[][] run(Optimizer optimizer, double learningRate, int steps, double... start) {
        INDArray theta = Nd4j.create(start, new long[]{start.length}, DataType.DOUBLE);
        double[][] trajectory = new double[steps][];
        for (int t = 0; t < steps; t++) {
            GradientOracle oracle = () -> new GradientOracle.LossAndGradients(theta.mul(theta).sumNumber().doubleValue() / 2,
                    List.of(theta.dup()));
            optimizer.step(List.of(theta), List.of(theta.dup()), learningRate, oracle);
            trajectory[t] = theta.toDoubleVector();
        }
        return trajectory;
    }
}
