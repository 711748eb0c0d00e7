package dev.descent.store;

import dev.descent.dataset.InputProjection;
import dev.descent.dataset.Standardization;
import dev.descent.dataset.Task;
import dev.descent.model.ModelSpec;
import dev.descent.model.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.UUID;

/**
 * A trained model with everything needed to use it, stored as plain JSON (format {@value #FORMAT}): the task and
 * label names, the feature names and the scaling fitted on the training rows, the private PCA's projection of the
 * scaled features (null without one), the model spec, and each dense layer's weights (row-major inputs × outputs)
 * and bias. Reading one never deserialises Java objects.
 */
public record ModelArtifact(String format, UUID jobId, Task task, List<String> classNames, List<String> featureNames,
                            Standardization standardization, InputProjection projection, ModelSpec model,
                            List<Network.Layer> layers) {

    public static final String FORMAT = "descent-model/1";

    public Network network() {
        return Network.restore(layers, model.dtype());
    }

    public int features() {
        return featureNames.size();
    }

    /** The network's inputs for rows already scaled by the standardization: projected when the model has a projection. */
    public INDArray networkInputs(INDArray scaled) {
        return projection != null ? projection.apply(scaled) : scaled;
    }
}
