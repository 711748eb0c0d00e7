package dev.descent.training;

import dev.descent.model.LayerValues;
import dev.descent.model.Model;

import java.util.List;

/** Follows the watched metric epoch by epoch, keeps the best weights, and says when and why to stop. */
public final class EarlyStoppingWatch {

    /** What the watch remembers, for a checkpoint. */
    public record Memory(Double best, int bestEpoch, List<LayerValues> bestWeights, int epochsWithoutImprovement) {
    }

    private final EarlyStopping rule;
    private Double best;
    private int bestEpoch;
    private List<LayerValues> bestWeights;
    private int epochsWithoutImprovement;

    /** @param rule null for a run without early stopping */
    EarlyStoppingWatch(EarlyStopping rule) {
        this.rule = rule;
    }

    Memory memory() {
        return new Memory(best, bestEpoch, bestWeights, epochsWithoutImprovement);
    }

    void restore(Memory memory) {
        if (memory != null) {
            best = memory.best();
            bestEpoch = memory.bestEpoch();
            bestWeights = memory.bestWeights();
            epochsWithoutImprovement = memory.epochsWithoutImprovement();
        }
    }

    /** Null to go on; otherwise the reason, after restoring the best weights if the rule asks. */
    String afterEpoch(EpochMetrics epoch, Model network) {
        if (rule == null) {
            return null;
        }
        Double value = rule.value(epoch);
        if (value == null) {
            throw new IllegalArgumentException("early stopping watches " + rule.metric() + ", which this run does not record");
        }
        boolean improved = best == null
                || (rule.maximise() ? value > best + rule.minDelta() : value < best - rule.minDelta());
        if (improved) {
            best = value;
            bestEpoch = epoch.epoch();
            bestWeights = rule.restoreBest() ? network.values() : null;
            epochsWithoutImprovement = 0;
            return null;
        }
        if (++epochsWithoutImprovement < rule.patience()) {
            return null;
        }
        if (bestWeights != null) {
            network.copyFrom(bestWeights);
        }
        return "early stopping after epoch " + epoch.epoch() + ": " + rule.metric() + " did not improve by more than "
                + rule.minDelta() + " for " + rule.patience() + " epochs; best " + best + " at epoch " + bestEpoch
                + (bestWeights != null ? ", whose weights were restored" : "");
    }
}
