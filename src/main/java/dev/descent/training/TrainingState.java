package dev.descent.training;

import dev.descent.continual.ContinualProgress;
import dev.descent.model.BoostedStages;
import dev.descent.model.LayerValues;
import dev.descent.model.Model;
import dev.descent.optim.OptimizerSnapshot;

import java.util.List;

/**
 * Everything a run needs to continue exactly where it stopped: the position (epoch in progress, steps of it done,
 * global step), the epoch's running sums, the weights, the optimizer's state and early stopping's memory, and where
 * the epoch's order stands with the next batch's size (null in checkpoints from before batches could grow: the
 * configured size, every step), a boosted run's finished stages and a continual run's finished tasks (null
 * otherwise). The row order and dropout masks are not stored: they come again from the per-epoch seed.
 */
public record TrainingState(int epoch, int stepInEpoch, long step, double lossSum, double correct, long examplesSeen,
                            double gradientNormSum, double lastRate, List<LayerValues> weights,
                            OptimizerSnapshot optimizer, EarlyStoppingWatch.Memory earlyStopping, Integer position,
                            Integer batchSize, BoostedStages stages, ContinualProgress continual) {

    /** The same state with its epoch and step moved by these offsets, and this continual progress. */
    public TrainingState shifted(int epochs, long steps, ContinualProgress progress) {
        return new TrainingState(epoch + epochs, stepInEpoch, step + steps, lossSum, correct, examplesSeen,
                gradientNormSum, lastRate, weights, optimizer, earlyStopping, position, batchSize, stages, progress);
    }
}
