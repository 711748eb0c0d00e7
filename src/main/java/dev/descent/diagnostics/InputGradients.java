package dev.descent.diagnostics;

import dev.descent.dataset.InputProjection;
import dev.descent.dataset.Standardization;
import dev.descent.model.Model;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ∂output_k/∂x for raw rows x, in raw feature units (docs/explanations.md): the network sees z = ((x − μ)/σ)·P (P the
 * identity without a projection), so by the chain rule ∂o/∂x_j = Σ_c (∂o/∂z_c) P_jc / σ_j. The network's part comes
 * from its tape ({@link Model#inputGradient}); the scaling's and projection's are applied here in float64.
 */
public record InputGradients(Model network, Standardization scaling, InputProjection projection) {

    /**
     * Row i's gradient of output {@code outputs[i]} (a class's logit, or the regression value), times {@code scale}
     * (the target's standard deviation, to give a regression value's gradient in the target's units).
     *
     * @param raw row-major rows of raw feature values
     */
    public double[][] of(double[] raw, int[] outputs, double scale) {
        int rows = outputs.length;
        int features = scaling.featureMean().size();
        INDArray scaled = Nd4j.create(scaling.scaleFeatures(raw), new long[]{rows, features}, DataType.DOUBLE)
                .castTo(network.dataType());
        INDArray inputs = projection != null ? projection.apply(scaled) : scaled;
        INDArray weights = Nd4j.zeros(network.dataType(), rows, outputWidth());
        for (int i = 0; i < rows; i++) {
            weights.putScalar(i, outputs[i], 1.0);
        }
        double[][] networkGradient = network.inputGradient(inputs, weights).castTo(DataType.DOUBLE)
                .reshape('c', rows, inputs.columns()).toDoubleMatrix();
        double[][] gradient = new double[rows][features];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) {
                double dz = projection == null ? networkGradient[i][j] : projected(networkGradient[i], j);
                gradient[i][j] = dz / scaling.featureStd().get(j) * scale;
            }
        }
        return gradient;
    }

    /** Σ_c g_c P_jc: the gradient at the projection's output taken back to its input j. */
    private double projected(double[] g, int j) {
        double sum = 0;
        for (int c = 0; c < projection.components(); c++) {
            sum += g[c] * projection.matrix()[j * projection.components() + c];
        }
        return sum;
    }

    private int outputWidth() {
        return network.layers().get(network.layers().size() - 1).outputShape().size();
    }
}
