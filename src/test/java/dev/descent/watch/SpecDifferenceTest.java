package dev.descent.watch;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpecDifferenceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void listsThePathsWhoseValuesDifferWithEachJobsValue() {
        Map<String, JsonNode> specs = new LinkedHashMap<>();
        specs.put("a", JSON.readTree("""
                {"name": "a", "optimizer": {"type": "sgd", "learningRate": 0.1, "momentum": 0.9},
                 "model": {"hiddenLayers": [{"units": 16}, {"units": 8}]}, "training": {"epochs": 5}}"""));
        specs.put("b", JSON.readTree("""
                {"name": "b", "optimizer": {"type": "sgd", "learningRate": 0.01},
                 "model": {"hiddenLayers": [{"units": 16}]}, "training": {"epochs": 5}}"""));
        List<SpecDifference> differences = SpecDifference.between(specs);
        assertThat(differences).extracting(SpecDifference::path).containsExactly(
                "model.hiddenLayers[1].units", "optimizer.learningRate", "optimizer.momentum");
        SpecDifference rate = differences.get(1);
        assertThat(rate.values().get("a").asDouble()).isEqualTo(0.1);
        assertThat(rate.values().get("b").asDouble()).isEqualTo(0.01);
        assertThat(differences.get(2).values()).containsEntry("b", null);
    }

    @Test
    void identicalSpecsDoNotDiffer() {
        JsonNode spec = JSON.readTree("{\"optimizer\": {\"type\": \"adam\"}, \"training\": {\"epochs\": 3}}");
        assertThat(SpecDifference.between(Map.of("a", spec, "b", spec.deepCopy()))).isEmpty();
    }
}
