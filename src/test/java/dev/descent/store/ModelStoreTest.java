package dev.descent.store;

import dev.descent.dataset.Standardization;
import dev.descent.dataset.Task;
import dev.descent.model.Activation;
import dev.descent.model.LayerValues;
import dev.descent.model.ModelSpec;
import dev.descent.model.Precision;
import dev.descent.model.Shape;
import dev.descent.model.layer.DenseSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Model files written before models had layers (descent-model/1, MLPs) keep loading and predicting. */
class ModelStoreTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aDescentModel1FileLoadsAndPredictsAsItDid(@TempDir Path dir) throws Exception {
        UUID id = UUID.randomUUID();
        // written by descent-model/1: a 2-2-1 ReLU MLP; h = relu(x·W1 + b1) = relu((1·1 + 2·−1, 1·2 + 2·1) + (0, 1))
        // = (0, 5); y = h·W2 + b2 = 5·3 + 0.5 = 15.5, unscaled: 15.5·2 + 1 = 32
        String v1 = """
                {"format": "descent-model/1", "jobId": "%s", "task": "regression", "classNames": null,
                 "featureNames": ["a", "b"],
                 "standardization": %s,
                 "projection": null,
                 "model": {"hiddenLayers": [{"units": 2, "activation": "relu", "dropout": 0.0}], "init": "he",
                           "dtype": "float64", "loss": null, "initFrom": null},
                 "layers": [{"inputs": 2, "outputs": 2, "activation": "relu", "dropout": 0.0,
                             "weights": [1, 2, -1, 1], "bias": [0, 1]},
                            {"inputs": 2, "outputs": 1, "activation": "identity", "dropout": 0.0,
                             "weights": [4, 3], "bias": [0.5]}]}""".formatted(id,
                JSON.writeValueAsString(new Standardization(List.of(0.0, 0.0), List.of(1.0, 1.0), 1, 2)));
        Files.writeString(dir.resolve(id + ".json"), v1);
        ModelStore store = new ModelStore(new StoreProperties(dir, 100, 100, java.time.Duration.ofHours(1)), JSON);

        ModelArtifact artifact = store.load(id + ".json");
        assertThat(artifact.format()).isEqualTo(ModelArtifact.FORMAT);
        assertThat(artifact.layers().get(1).spec()).isEqualTo(new DenseSpec(1, Activation.IDENTITY, 0.0));
        assertThat(artifact.layers().get(0).input()).isEqualTo(Shape.features(2));
        double predicted = new ModelService(store, null, new StoreProperties(dir, 100, 100, java.time.Duration.ofHours(1)))
                .predict(artifact, List.of(List.of(1.0, 2.0))).predictions().get(0).value();
        assertThat(predicted).isEqualTo(32.0);
    }

    @Test
    void aCheckpointWithDenseLayersOfDescentModel1Resumes(@TempDir Path dir) throws Exception {
        ModelStore store = new ModelStore(new StoreProperties(dir, 100, 100, java.time.Duration.ofHours(1)), JSON);
        UUID id = UUID.randomUUID();
        List<LayerValues> weights = List.of(new LayerValues(new DenseSpec(3, Activation.TANH, 0.1), Shape.features(2),
                List.of(new double[]{1, 2, 3, 4, 5, 6}, new double[]{7, 8, 9}), List.of()));
        String name = store.saveCheckpoint(id, UUID.randomUUID(), new dev.descent.training.TrainingState(2, 0, 10, 0, 0, 0, 0, 0.1,
                weights, null, null, null, null, null, null));
        ObjectNode checkpoint = (ObjectNode) JSON.readTree(dir.resolve(name).toFile());
        checkpoint.set("weights", JSON.readTree("""
                [{"inputs": 2, "outputs": 3, "activation": "tanh", "dropout": 0.1,
                  "weights": [1, 2, 3, 4, 5, 6], "bias": [7, 8, 9]}]"""));
        JSON.writeValue(dir.resolve(name).toFile(), checkpoint);

        List<LayerValues> loaded = store.loadCheckpoint(name).weights();
        assertThat(loaded).hasSize(1);
        assertThat(loaded.get(0).spec()).isEqualTo(weights.get(0).spec());
        assertThat(loaded.get(0).parameters().get(0)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(loaded.get(0).parameters().get(1)).containsExactly(7, 8, 9);
    }
}
