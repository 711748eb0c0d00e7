package dev.descent.diagnostics;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A quantity a diagnostic records: its curve's id, whether it has a series per layer, and whether it is per epoch. */
public enum Diagnostic {
    COHERENCE("coherence", false, false),
    SHARPNESS("sharpness", false, false),
    LAYER_GRADIENT_NORM("layer_gradient_norm", true, false),
    LAYER_WEIGHT_NORM("layer_weight_norm", true, false),
    LAYER_UPDATE_RATIO("layer_update_ratio", true, false),
    CLIPPED_FRACTION("clipped_fraction", false, false),
    MEAN_EXAMPLE_GRADIENT_NORM("mean_example_gradient_norm", false, false),
    SUBOPTIMALITY("suboptimality", false, true),
    /** Not a diagnostic one asks for: what training.adaptiveBatch chose, every step. */
    BATCH_SIZE("batch_size", false, false),
    /** Not a diagnostic one asks for: a boosted model's step νρ for the stage that ends with the epoch. */
    BOOSTING_STEP("boosting_step", false, true),
    /**
     * Not a diagnostic one asks for: a continual run's held-out accuracy on each task so far (its series, numbered
     * from 1 as the tasks), at the end of each task.
     */
    TASK_ACCURACY("task_accuracy", true, true);

    private final String id;
    private final boolean perLayer;
    private final boolean perEpoch;

    Diagnostic(String id, boolean perLayer, boolean perEpoch) {
        this.id = id;
        this.perLayer = perLayer;
        this.perEpoch = perEpoch;
    }

    public String id() {
        return id;
    }

    /**
     * One series per layer with parameters, numbered from 1 in the model's layers (the output layer last); for
     * task_accuracy, one per task.
     */
    public boolean perLayer() {
        return perLayer;
    }

    /** Recorded at epochs' ends, its curve by epoch; the others are by step. */
    public boolean perEpoch() {
        return perEpoch;
    }

    public static Optional<Diagnostic> of(String id) {
        return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Diagnostic::id).toList();
    }
}
