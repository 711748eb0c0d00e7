package dev.descent.diagnostics;

import dev.descent.math.Blas;
import dev.descent.model.Layer;
import dev.descent.model.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Each layer's gradient norm ‖∇θ_l‖ (before any gradient transform), weight norm ‖θ_l‖ after the step and
 * update-to-weight ratio ‖Δθ_l‖/‖θ_l‖ of the step (docs/diagnostics.md), over the layer's parameters together.
 * The values before the step are copied into arrays held for the run, so a step allocates nothing for them, with
 * BLAS calls rather than ND4J ops, whose dispatch per parameter would cost more than the step's own arithmetic.
 */
public final class LayerStatistics {

    /** A layer with parameters: its number (from 1) and where its parameters start and end in the model's list. */
    private record Span(int layer, int from, int to) {
    }

    private final List<Span> spans = new ArrayList<>();
    private final List<INDArray> before = new ArrayList<>();
    private final double[] gradientNorms;

    /** Call outside any workspace: the copies are kept for the run. */
    public LayerStatistics(Model model) {
        int offset = 0;
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            List<INDArray> parameters = layers.get(i).parameters();
            if (!parameters.isEmpty()) {
                spans.add(new Span(i + 1, offset, offset + parameters.size()));
                parameters.forEach(p -> before.add(p.dup()));
            }
            offset += parameters.size();
        }
        gradientNorms = new double[spans.size()];
    }

    /** Takes the step's gradients and the parameters as they are before the step. */
    public void beforeUpdate(List<INDArray> parameters, List<INDArray> gradients) {
        for (int s = 0; s < spans.size(); s++) {
            gradientNorms[s] = norm(gradients, spans.get(s));
        }
        for (int p = 0; p < parameters.size(); p++) {
            Blas.copy(parameters.get(p), before.get(p));
        }
    }

    /** The statistics of the step just taken. */
    public void afterUpdate(List<INDArray> parameters, long step, int epoch, List<DiagnosticPoint> out) {
        for (int p = 0; p < parameters.size(); p++) {
            Blas.addScaled(before.get(p), -1, parameters.get(p)); // −Δθ: its norm is the update's
        }
        for (int s = 0; s < spans.size(); s++) {
            Span span = spans.get(s);
            double weights = norm(parameters, span);
            double update = norm(before, span);
            out.add(new DiagnosticPoint(Diagnostic.LAYER_GRADIENT_NORM, span.layer(), step, epoch, gradientNorms[s]));
            out.add(new DiagnosticPoint(Diagnostic.LAYER_WEIGHT_NORM, span.layer(), step, epoch, weights));
            out.add(new DiagnosticPoint(Diagnostic.LAYER_UPDATE_RATIO, span.layer(), step, epoch,
                    weights > 0 ? update / weights : 0));
        }
    }

    private static double norm(List<INDArray> arrays, Span span) {
        double sum = 0;
        for (int p = span.from(); p < span.to(); p++) {
            double n = Blas.l2Norm(arrays.get(p));
            sum += n * n;
        }
        return Math.sqrt(sum);
    }
}
