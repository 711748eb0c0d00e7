package dev.descent.watch;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** A spec setting (a dotted JSON path) on which compared runs differ, with each run's value (null: not set). */
@Schema(description = "A hyperparameter on which the compared runs differ")
public record SpecDifference(
        @Schema(description = "Dotted path in the job spec", example = "optimizer.learningRate") String path,
        @Schema(description = "Each job's value by job id; null where the spec does not have it",
                example = "{\"0b6c…\": 0.1, \"4f1e…\": 0.01}") Map<String, JsonNode> values) {

    /** The paths whose values differ between the specs (keyed by job id, in the given order), in path order. */
    static List<SpecDifference> between(Map<String, JsonNode> specs) {
        Map<String, Map<String, JsonNode>> flat = new LinkedHashMap<>();
        Set<String> paths = new LinkedHashSet<>();
        specs.forEach((job, spec) -> {
            Map<String, JsonNode> leaves = new LinkedHashMap<>();
            flatten(spec, "", leaves);
            flat.put(job, leaves);
            paths.addAll(leaves.keySet());
        });
        List<SpecDifference> differences = new ArrayList<>();
        for (String path : paths.stream().sorted().toList()) {
            if (path.equals("name")) {
                continue; // a label for people, not a hyperparameter
            }
            Map<String, JsonNode> values = new LinkedHashMap<>();
            flat.forEach((job, leaves) -> values.put(job, leaves.get(path)));
            if (values.values().stream().distinct().count() > 1 || values.values().stream().anyMatch(Objects::isNull)
                    && values.values().stream().anyMatch(Objects::nonNull)) {
                differences.add(new SpecDifference(path, values));
            }
        }
        return differences;
    }

    /** Objects become dotted paths, arrays indexed paths ({@code model.hiddenLayers[0].units}); nulls are unset. */
    static void flatten(JsonNode node, String path, Map<String, JsonNode> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(e -> flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
        } else if (node.isArray() && !node.isEmpty()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i), path + "[" + i + "]", out);
            }
        } else {
            out.put(path, node);
        }
    }
}
