package dev.descent.diagnostics;

import dev.descent.math.Softmax;
import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.model.Pass;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The per-example scores of {@link ScoreMethod}, over {@link Model#chunkRows()} rows at a time so that what a pass
 * holds stays bounded whatever the dataset's size.
 */
final class ExampleScores {

    private ExampleScores() {
    }

    /** ‖p − y‖₂ per row, p = softmax(logits) computed in float64 from the model's logits. */
    static double[] el2n(Model network, INDArray inputs, INDArray oneHot) {
        double[] scores = new double[(int) inputs.rows()];
        for (long start = 0; start < scores.length; start += network.chunkRows()) {
            long end = Math.min(scores.length, start + network.chunkRows());
            double[][] logits = network.predict(rows(inputs, start, end)).castTo(DataType.DOUBLE).toDoubleMatrix();
            double[][] labels = rows(oneHot, start, end).castTo(DataType.DOUBLE).toDoubleMatrix();
            for (int i = 0; i < logits.length; i++) {
                double[] p = Softmax.of(logits[i]);
                double squared = 0;
                for (int k = 0; k < p.length; k++) {
                    squared += (p[k] - labels[i][k]) * (p[k] - labels[i][k]);
                }
                scores[(int) start + i] = Math.sqrt(squared);
            }
        }
        return scores;
    }

    /**
     * ‖∇_θ loss_i‖₂ per row without forming a per-example gradient: each parametric layer's squared norm from its
     * input and output gradient ({@link dev.descent.model.ExampleGradients}), summed over layers. The pass is
     * deterministic (no dropout); the batch loss is a mean, so example i's own output gradient is n times its part.
     */
    static double[] gradientNorms(Model network, Loss loss, INDArray inputs, INDArray targets) {
        double[] scores = new double[(int) inputs.rows()];
        for (long start = 0; start < scores.length; start += network.chunkRows()) {
            long end = Math.min(scores.length, start + network.chunkRows());
            Model.Signals signals = network.signals(rows(inputs, start, end), rows(targets, start, end), loss, null);
            INDArray squared = null;
            for (Pass.Signal signal : signals.layers()) {
                INDArray layer = signal.layer().squaredNorms(signal.input(), signal.outputGradient().mul(end - start))
                        .castTo(DataType.DOUBLE);
                squared = squared == null ? layer : squared.addi(layer);
            }
            double[] norms = squared.reshape(end - start).toDoubleVector();
            for (int i = 0; i < norms.length; i++) {
                scores[(int) start + i] = Math.sqrt(norms[i]);
            }
        }
        return scores;
    }

    private static INDArray rows(INDArray all, long from, long to) {
        return all.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }
}
