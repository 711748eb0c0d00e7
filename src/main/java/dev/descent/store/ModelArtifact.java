package dev.descent.store;

import dev.descent.error.InvalidParameterException;
import dev.descent.model.BoostedStages;
import dev.descent.model.LayerValues;
import dev.descent.dataset.InputProjection;
import dev.descent.dataset.Standardization;
import dev.descent.dataset.Task;
import dev.descent.model.ModelSpec;
import dev.descent.model.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.UUID;

/**
 * A trained model with everything needed to use it, stored as plain JSON (format {@value #FORMAT}): the task and
 * label names, the feature names and the scaling fitted on the training rows, the private PCA's projection of the
 * scaled features (null without one), the model spec, and each layer's spec, input shape and values (its parameters'
 * and buffers' arrays, row-major; a dense layer's weights are inputs × outputs, a convolution's [filters, channels,
 * kernel height, kernel width]), and for a boosted model its stages (null otherwise). descent-model/1 files (MLPs)
 * are read too. Reading one never deserialises Java objects.
 */
public record ModelArtifact(String format, UUID jobId, Task task, List<String> classNames, List<String> featureNames,
                            Standardization standardization, InputProjection projection, ModelSpec model,
                            List<LayerValues> layers, BoostedStages stages) {

    public static final String FORMAT = "descent-model/2";

    /** A model trained as a whole. */
    public ModelArtifact(String format, UUID jobId, Task task, List<String> classNames, List<String> featureNames,
                         Standardization standardization, InputProjection projection, ModelSpec model,
                         List<LayerValues> layers) {
        this(format, jobId, task, classNames, featureNames, standardization, projection, model, layers, null);
    }

    /**
     * The model as its first {@code k} boosting stages make it; itself when k is null.
     *
     * @throws InvalidParameterException naming {@code stages} when the model is not boosted or has fewer stages
     */
    public ModelArtifact firstStages(Integer k) {
        if (k == null) {
            return this;
        }
        if (stages == null) {
            throw new InvalidParameterException("stages", "the model was not trained by boosting: it has no stages");
        }
        try {
            return new ModelArtifact(format, jobId, task, classNames, featureNames, standardization, projection, model,
                    stages.first(k, layers), null);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("stages", e.getMessage());
        }
    }

    public Model network() {
        return Model.restore(layers, model.dtype());
    }

    public int features() {
        return featureNames.size();
    }

    /** The network's inputs for rows already scaled by the standardization: projected when the model has a projection. */
    public INDArray networkInputs(INDArray scaled) {
        return projection != null ? projection.apply(scaled) : scaled;
    }
}
