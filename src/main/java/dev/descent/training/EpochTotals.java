package dev.descent.training;

/**
 * The running totals of the epoch in progress: what its metrics are computed from, and what a checkpoint keeps of it
 * so a resumed run carries on with the same sums.
 */
final class EpochTotals {

    private double lossSum;
    private double correct;
    private double gradientNormSum;
    private long steps;
    private double lastRate;
    private long seen;
    private int position;

    /**
     * An epoch from its start, or, resuming, from the checkpoint taken in its middle.
     *
     * @param batchSize the configured batch size: where a checkpoint from before batches could grow stands
     */
    static EpochTotals startingAt(TrainingState resume, int batchSize) {
        EpochTotals totals = new EpochTotals();
        if (resume != null) {
            totals.position = resume.position() != null ? resume.position() : resume.stepInEpoch() * batchSize;
            totals.lossSum = resume.lossSum();
            totals.correct = resume.correct();
            totals.gradientNormSum = resume.gradientNormSum();
            totals.steps = resume.stepInEpoch();
            totals.lastRate = resume.lastRate();
            totals.seen = resume.examplesSeen();
        }
        return totals;
    }

    /**
     * @param stride  how far the step moved through the epoch's order
     * @param correct the batch's correct predictions (classification), 0 otherwise
     */
    void add(StepMetrics step, int stride, int batchRows, double correct) {
        position += stride;
        lossSum += step.loss() * batchRows;
        seen += batchRows;
        gradientNormSum += step.gradientNorm();
        this.correct += correct;
        steps++;
        lastRate = step.learningRate();
    }

    /** Where the next batch starts in the epoch's order. */
    int position() {
        return position;
    }

    /** Steps taken in this epoch. */
    long steps() {
        return steps;
    }

    double meanLoss() {
        return lossSum / Math.max(1, seen);
    }

    double accuracy() {
        return correct / Math.max(1, seen);
    }

    double meanGradientNorm() {
        return gradientNormSum / Math.max(1, steps);
    }

    double lastRate() {
        return lastRate;
    }

    long seen() {
        return seen;
    }

    /** The checkpoint of a run stopped in this epoch's middle. */
    TrainingState checkpoint(int epoch, long step, java.util.List<dev.descent.model.LayerValues> weights,
                             dev.descent.optim.OptimizerSnapshot optimizer, EarlyStoppingWatch.Memory earlyStopping,
                             int batchSize) {
        return new TrainingState(epoch, (int) steps, step, lossSum, correct, seen, gradientNormSum, lastRate, weights,
                optimizer, earlyStopping, position, batchSize, null, null);
    }
}
