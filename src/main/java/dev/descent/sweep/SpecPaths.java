package dev.descent.sweep;

import dev.descent.error.InvalidFieldException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted path into a job spec's JSON, with indexes in brackets ({@code model.layers[1].units}), and setting the
 * value there. A path must name a field the spec has (as the server reads it, defaults filled in).
 */
final class SpecPaths {

    private static final Pattern STEP = Pattern.compile("([A-Za-z][A-Za-z0-9]*)((?:\\[\\d{1,6}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private SpecPaths() {
    }

    /** Sets {@code value} at {@code path} in {@code spec}, or 422 naming parameters.path when there is no such field. */
    static void set(JsonNode spec, String path, JsonNode value) {
        List<Object> steps = parse(path);
        JsonNode parent = spec;
        for (int i = 0; i < steps.size() - 1; i++) {
            parent = child(parent, steps.get(i), path, i);
        }
        Object last = steps.get(steps.size() - 1);
        child(parent, last, path, steps.size() - 1);
        if (last instanceof String name) {
            ((ObjectNode) parent).set(name, value);
        } else {
            ((ArrayNode) parent).set((Integer) last, value);
        }
    }

    /** The value at {@code path}, which must exist. */
    static JsonNode get(JsonNode spec, String path) {
        List<Object> steps = parse(path);
        JsonNode node = spec;
        for (int i = 0; i < steps.size(); i++) {
            node = child(node, steps.get(i), path, i);
        }
        return node;
    }

    private static JsonNode child(JsonNode node, Object step, String path, int depth) {
        JsonNode child = null;
        if (step instanceof String name && node != null && node.isObject() && node.has(name)) {
            child = node.get(name);
        } else if (step instanceof Integer index && node != null && node.isArray() && index < node.size()) {
            child = node.get(index);
        }
        if (child == null) {
            throw new InvalidFieldException("parameters." + path, "the base spec has no "
                    + (step instanceof Integer ? "element [" + step + "]" : "field '" + step + "'") + " here ("
                    + (depth == 0 ? "at the top" : "after step " + depth) + "); name a field of the spec as the "
                    + "server reads it, e.g. optimizer.learningRate, training.batchSize, model.layers[1].units");
        }
        return child;
    }

    /** Field names and array indexes, in order. */
    static List<Object> parse(String path) {
        List<Object> steps = new ArrayList<>();
        for (String part : path.split("\\.", -1)) {
            Matcher step = STEP.matcher(part);
            if (!step.matches()) {
                throw new InvalidFieldException("parameters." + path, "is not a dotted path of field names with "
                        + "optional [index]es, e.g. model.layers[1].units");
            }
            steps.add(step.group(1));
            Matcher index = INDEX.matcher(step.group(2));
            while (index.find()) {
                steps.add(Integer.parseInt(index.group(1)));
            }
        }
        return steps;
    }
}
