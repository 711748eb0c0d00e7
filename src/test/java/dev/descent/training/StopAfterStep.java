package dev.descent.training;

/** A listener that asks the run to stop once step {@code step} of it has been reported, as a cancel would. */
public final class StopAfterStep implements TrainingListener {

    private final long step;
    private long last;

    public StopAfterStep(long step) {
        this.step = step;
    }

    @Override
    public void onStep(StepMetrics metrics) {
        last = metrics.step();
    }

    @Override
    public void onEpoch(EpochMetrics epoch) {
    }

    @Override
    public boolean stopRequested() {
        return last >= step;
    }
}
