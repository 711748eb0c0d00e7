package dev.descent.sweep;

import dev.descent.error.InvalidFieldException;
import dev.descent.job.JobSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a sweep spec means: its configurations, its trials (configuration {@code trial / seeds}, replicate
 * {@code trial % seeds}), each trial's job spec, and for asha its rungs. A pure function of the spec, so any server
 * derives the same plan.
 */
final class SweepPlan {

    private final SweepSpec spec;
    private final SearchSpace space;
    private final int configurations;
    private final int trials;
    private final List<Map<String, Object>> shuffledGrid;
    private final int[] rungs;

    private SweepPlan(SweepSpec spec, SearchSpace space, int configurations, int trials,
                      List<Map<String, Object>> shuffledGrid, int[] rungs) {
        this.spec = spec;
        this.space = space;
        this.configurations = configurations;
        this.trials = trials;
        this.shuffledGrid = shuffledGrid;
        this.rungs = rungs;
    }

    /** The plan, or 422 naming what does not fit: a domain, the method, a limit. */
    static SweepPlan of(SweepSpec spec, SweepLimits limits) {
        SearchSpace space = new SearchSpace(spec.parameters());
        int seeds = spec.seeds();
        long grid = space.discrete() ? space.gridSize() : Long.MAX_VALUE;
        if (spec.maxTrials() != null && spec.maxTrials() > limits.maxTrials()) {
            throw new InvalidFieldException("maxTrials", "must be at most " + limits.maxTrials()
                    + " (descent.sweeps.max-trials), was " + spec.maxTrials());
        }
        if (space.discrete() && grid > limits.maxGridSize()) {
            throw new InvalidFieldException("parameters", "the grid has " + (grid == Long.MAX_VALUE ? "over 2³¹"
                    : grid) + " points, more than the limit of " + limits.maxGridSize() + " (descent.sweeps.max-grid-size)");
        }
        List<Map<String, Object>> shuffled = null;
        int[] rungs = {spec.base().training().epochs()};
        long configurations;
        switch (spec.method()) {
            case GRID -> {
                if (!space.discrete()) {
                    throw new InvalidFieldException("parameters." + space.paths().stream()
                            .filter(p -> space.domain(p).values() == null && space.domain(p).intRange() == null)
                            .findFirst().orElseThrow(), "a grid takes values or intRange domains; use method random "
                            + "or asha to draw from uniform and logUniform ones");
                }
                configurations = spec.maxTrials() != null ? Math.min(grid, ceilDiv(spec.maxTrials(), seeds)) : grid;
            }
            case RANDOM -> configurations = ceilDiv(required(spec), seeds);
            default -> {
                if (seeds != 1) {
                    throw new InvalidFieldException("seeds", "asha promotes trials one by one: it takes seeds 1, was "
                            + seeds + "; use grid or random for replicates");
                }
                if (space.discrete()) {
                    configurations = spec.maxTrials() != null ? Math.min(grid, spec.maxTrials()) : grid;
                    shuffled = space.shuffledGrid(spec.seed());
                } else {
                    configurations = required(spec);
                }
                rungs = rungs(spec.minEpochs(), spec.reductionFactor(), spec.base().training().epochs());
            }
        }
        long trials = configurations * seeds;
        if (spec.maxTrials() != null) {
            trials = Math.min(trials, spec.maxTrials());
        }
        if (trials > limits.maxTrials()) {
            throw new InvalidFieldException(spec.method() == SweepSpec.Method.GRID ? "parameters" : "maxTrials",
                    "the sweep plans " + trials + " trials, more than the limit of " + limits.maxTrials()
                            + " (descent.sweeps.max-trials)");
        }
        if (spec.metric().startsWith("validation_") && spec.base().dataset().validationSplit() == 0) {
            throw new InvalidFieldException("metric", spec.metric() + " needs validation rows: the base spec's "
                    + "dataset.validationSplit is 0");
        }
        return new SweepPlan(spec, space, (int) configurations, (int) trials, shuffled, rungs);
    }

    private static int required(SweepSpec spec) {
        if (spec.maxTrials() == null) {
            throw new InvalidFieldException("maxTrials", "a " + spec.method().name().toLowerCase()
                    + " sweep over uniform or logUniform domains needs maxTrials, how many configurations to draw");
        }
        return spec.maxTrials();
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    /** minEpochs·η^k below the maximum, then the maximum: the epochs after which asha compares its trials. */
    static int[] rungs(int minEpochs, int reductionFactor, int maxEpochs) {
        List<Integer> rungs = new ArrayList<>();
        for (long epochs = minEpochs; epochs < maxEpochs; epochs *= reductionFactor) {
            rungs.add((int) epochs);
        }
        rungs.add(maxEpochs);
        return rungs.stream().mapToInt(Integer::intValue).toArray();
    }

    SweepSpec spec() {
        return spec;
    }

    SearchSpace space() {
        return space;
    }

    int trials() {
        return trials;
    }

    int configurations() {
        return configurations;
    }

    int[] rungs() {
        return rungs.clone();
    }

    int configurationOf(int trial) {
        return trial / spec.seeds();
    }

    Map<String, Object> configuration(int index) {
        return switch (spec.method()) {
            case GRID -> space.gridPoint(index);
            case RANDOM -> space.draw(spec.seed(), index);
            case ASHA -> shuffledGrid != null ? shuffledGrid.get(index) : space.draw(spec.seed(), index);
        };
    }

    /** The epoch a trial first stops at, checkpointed (asha's first rung), or null to train to the end. */
    Integer firstPause() {
        return rungs.length > 1 ? rungs[0] : null;
    }

    /** Trial {@code trial}'s job spec: the base with its configuration's values and its replicate's seed. */
    JobSpec trialSpec(int trial, JsonMapper json) {
        JsonNode tree = json.valueToTree(spec.base());
        Map<String, Object> assignment = configuration(configurationOf(trial));
        assignment.forEach((path, value) -> SpecPaths.set(tree, path, json.valueToTree(value)));
        int replicate = trial % spec.seeds();
        if (replicate > 0) {
            SpecPaths.set(tree, "training.seed", json.valueToTree(spec.base().training().seed() + replicate));
        }
        String name = (spec.name() != null ? spec.name() : "sweep") + " #" + trial;
        ((tools.jackson.databind.node.ObjectNode) tree).put("name", name.length() > 200 ? name.substring(0, 200) : name);
        try {
            return json.treeToValue(tree, JobSpec.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new InvalidFieldException("parameters." + culprit(assignment, e.getMessage()), "the trial "
                    + describe(assignment) + " is not a valid job spec: " + e.getOriginalMessage());
        }
    }

    /** The assignment as {@code path=value, …}, for messages. */
    static String describe(Map<String, Object> assignment) {
        return new LinkedHashMap<>(assignment).toString();
    }

    /** The parameter an error is most likely about: the first whose last field the message names, else the first. */
    static String culprit(Map<String, Object> assignment, String message) {
        return assignment.keySet().stream().filter(path -> message != null
                        && message.contains(path.replaceAll(".*\\.", "").replaceAll("\\[.*", "")))
                .findFirst().orElse(assignment.keySet().iterator().next());
    }
}
