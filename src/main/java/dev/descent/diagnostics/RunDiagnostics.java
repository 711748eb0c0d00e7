package dev.descent.diagnostics;

import dev.descent.model.Loss;
import dev.descent.model.Model;
import dev.descent.privacy.ClippingStatistics;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A run's diagnostics ({@link DiagnosticsSpec}) as the trainer meets them: around each step and at each epoch's end,
 * each measured when it is due and returned as points to record. They read the model and put it back as it was,
 * draw from streams of their own and run without dropout, so a run trains exactly as it would without them;
 * {@link #OFF} does nothing at all. Coherence, sharpness and suboptimality run in a workspace of their own ({@link DiagnosticsWorkspace}), outside the step's.
 */
public final class RunDiagnostics {

    /** No diagnostic: every call returns at once. */
    public static final RunDiagnostics OFF = new RunDiagnostics(DiagnosticsSpec.NONE, null, null, null, null, null,
            null, null);

    private final DiagnosticsSpec spec;
    private final Model model;
    private final Loss loss;
    private final Sample coherenceSample;
    private final Sample sharpnessSample;
    private final Sharpness sharpness;
    private final LayerStatistics layers;
    private final Suboptimality suboptimality;

    private RunDiagnostics(DiagnosticsSpec spec, Model model, Loss loss, Sample coherenceSample,
                           Sample sharpnessSample, Sharpness sharpness, LayerStatistics layers,
                           Suboptimality suboptimality) {
        this.spec = spec;
        this.model = model;
        this.loss = loss;
        this.coherenceSample = coherenceSample;
        this.sharpnessSample = sharpnessSample;
        this.sharpness = sharpness;
        this.layers = layers;
        this.suboptimality = suboptimality;
    }

    /**
     * The diagnostics of a run on training rows x, y from the model's current weights; call before training, outside
     * any workspace (samples and copies are kept for the run). F* is found here, once.
     *
     * @param weightDecay the decoupled weight decay λ of the run (0 for none): suboptimality's objective includes it
     */
    public static RunDiagnostics of(DiagnosticsSpec spec, Model model, Loss loss, INDArray x, INDArray y,
                                    double weightDecay, long seed) {
        if (spec == null || !spec.any()) {
            return OFF;
        }
        SplittableRandom seeds = new SplittableRandom(seed ^ 0x6A09E667F3BCC909L);
        long coherenceSeed = seeds.nextLong();
        long sharpnessSeed = seeds.nextLong();
        Sample coherence = spec.coherence() != null
                ? Sample.of(x, y, spec.coherence().examples(), coherenceSeed) : null;
        Sample sharpnessRows = spec.sharpness() != null
                ? Sample.of(x, y, spec.sharpness().examples(), sharpnessSeed) : null;
        Sharpness sharpness = spec.sharpness() != null
                ? new Sharpness(spec.sharpness().maxIterations(), spec.sharpness().tolerance(), sharpnessSeed) : null;
        LayerStatistics layers = spec.layerStatistics() != null ? new LayerStatistics(model) : null;
        Suboptimality suboptimality = spec.suboptimality() != null
                ? Suboptimality.of(model, loss, x, y, weightDecay, spec.suboptimality()) : null;
        return new RunDiagnostics(spec, model, loss, coherence, sharpnessRows, sharpness, layers, suboptimality);
    }

    /** Takes the step's gradients (before any transform) and the parameters before the optimizer moves them. */
    public void beforeUpdate(long step, List<INDArray> parameters, List<INDArray> gradients) {
        if (layers != null && step % spec.layerStatistics().every() == 0) {
            layers.beforeUpdate(parameters, gradients);
        }
    }

    /**
     * The statistics of the update just made: per-layer norms and clipping (taken inside the step, allocating
     * nothing kept).
     *
     * @param clipping what DP-SGD's clipping did to the batch; null for a step that is not private
     */
    public List<DiagnosticPoint> afterUpdate(long step, int epoch, List<INDArray> parameters,
                                             ClippingStatistics clipping) {
        if (this == OFF) {
            return List.of();
        }
        List<DiagnosticPoint> points = new ArrayList<>();
        if (layers != null && step % spec.layerStatistics().every() == 0) {
            layers.afterUpdate(parameters, step, epoch, points);
        }
        if (spec.clipping() != null && clipping != null && step % spec.clipping().every() == 0) {
            points.add(new DiagnosticPoint(Diagnostic.CLIPPED_FRACTION, 0, step, epoch, clipping.clippedFraction()));
            points.add(new DiagnosticPoint(Diagnostic.MEAN_EXAMPLE_GRADIENT_NORM, 0, step, epoch,
                    clipping.meanNorm()));
        }
        return points;
    }

    /** Coherence and step-wise sharpness when due after this step (outside the step's workspace). */
    public List<DiagnosticPoint> afterStep(long step, int epoch) {
        if (this == OFF) {
            return List.of();
        }
        List<DiagnosticPoint> points = new ArrayList<>();
        if (coherenceSample != null && step % spec.coherence().every() == 0) {
            try (MemoryWorkspace ignored = DiagnosticsWorkspace.open()) {
                points.add(new DiagnosticPoint(Diagnostic.COHERENCE, 0, step, epoch,
                        Coherence.of(model, loss, coherenceSample.x(), coherenceSample.y())));
            }
        }
        if (sharpness != null && spec.sharpness().dueAfterStep(step)) {
            points.add(sharpness(step, epoch));
        }
        return points;
    }

    /** Epoch-wise sharpness and suboptimality, when due at the end of this epoch (its last step {@code step}). */
    public List<DiagnosticPoint> afterEpoch(int epoch, long step) {
        if (this == OFF) {
            return List.of();
        }
        List<DiagnosticPoint> points = new ArrayList<>();
        if (sharpness != null && spec.sharpness().dueAfterEpoch(epoch)) {
            points.add(sharpness(step, epoch));
        }
        if (suboptimality != null) {
            try (MemoryWorkspace ignored = DiagnosticsWorkspace.open()) {
                points.add(new DiagnosticPoint(Diagnostic.SUBOPTIMALITY, 0, step, epoch, suboptimality.of(model)));
            }
        }
        return points;
    }

    /** Each of its Hessian-vector products in a workspace scope of its own. */
    private DiagnosticPoint sharpness(long step, int epoch) {
        return new DiagnosticPoint(Diagnostic.SHARPNESS, 0, step, epoch,
                sharpness.measure(model, loss, sharpnessSample.x(), sharpnessSample.y()).value());
    }
}
