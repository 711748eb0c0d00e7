package dev.descent.store;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads what descent-model/1 stored, MLPs' layers as {@code {inputs, outputs, activation, dropout, weights, bias}},
 * as the layers of descent-model/2: a dense layer's spec, its input shape and its parameters [weights, bias]. Model
 * artifacts and checkpoints written before layers kept loading, predicting and resuming.
 */
final class DenseLayersV1 {

    private DenseLayersV1() {
    }

    /** A model artifact's JSON in the current format. */
    static JsonNode upgradeArtifact(JsonNode artifact, JsonMapper json) {
        if (artifact instanceof ObjectNode object && "descent-model/1".equals(artifact.path("format").asString())) {
            object.set("layers", upgrade(artifact.path("layers"), json));
            object.put("format", ModelArtifact.FORMAT);
        }
        return artifact;
    }

    /** A checkpoint's JSON with its weights (and early stopping's best weights) in the current form. */
    static JsonNode upgradeCheckpoint(JsonNode checkpoint, JsonMapper json) {
        if (checkpoint instanceof ObjectNode object) {
            object.set("weights", upgrade(checkpoint.path("weights"), json));
            if (checkpoint.path("earlyStopping") instanceof ObjectNode memory && memory.has("bestWeights")
                    && !memory.path("bestWeights").isNull()) {
                memory.set("bestWeights", upgrade(memory.path("bestWeights"), json));
            }
        }
        return checkpoint;
    }

    private static JsonNode upgrade(JsonNode layers, JsonMapper json) {
        if (!(layers instanceof ArrayNode array) || array.isEmpty() || !array.get(0).has("inputs")) {
            return layers; // already the current form
        }
        ArrayNode upgraded = json.createArrayNode();
        for (JsonNode layer : array) {
            ObjectNode spec = json.createObjectNode();
            spec.put("type", "dense");
            spec.set("units", layer.get("outputs"));
            spec.set("activation", layer.get("activation"));
            spec.set("dropout", layer.get("dropout"));
            ObjectNode values = json.createObjectNode();
            values.set("spec", spec);
            values.set("input", json.createArrayNode().add(layer.get("inputs")));
            values.set("parameters", json.createArrayNode().add(layer.get("weights")).add(layer.get("bias")));
            values.set("buffers", json.createArrayNode());
            upgraded.add(values);
        }
        return upgraded;
    }
}
