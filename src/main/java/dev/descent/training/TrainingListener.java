package dev.descent.training;

import dev.descent.diagnostics.DiagnosticPoint;

import java.util.List;
import java.util.function.Consumer;

/** What the trainer reports while it runs, and how it is asked to stop. */
public interface TrainingListener {

    void onStep(StepMetrics step);

    void onEpoch(EpochMetrics epoch);

    /**
     * Diagnostic values (training.diagnostics), in step order: a step's come after its {@link #onStep} and before
     * the next step's (an epoch's end-of-epoch values before its {@link #onEpoch}).
     */
    default void onDiagnostics(List<DiagnosticPoint> points) {
    }

    /** Checked before every step: true stops training after the current step. */
    default boolean stopRequested() {
        return false;
    }

    TrainingListener NONE = new TrainingListener() {
        @Override
        public void onStep(StepMetrics step) {
        }

        @Override
        public void onEpoch(EpochMetrics epoch) {
        }
    };

    /**
     * This listener hearing of a part of a longer run that starts after {@code epochs} epochs and {@code steps} steps:
     * the part's own numbers shifted to the run's.
     */
    default TrainingListener shifted(int epochs, long steps) {
        TrainingListener run = this;
        return new TrainingListener() {
            @Override
            public void onStep(StepMetrics step) {
                run.onStep(step.shifted(epochs, steps));
            }

            @Override
            public void onEpoch(EpochMetrics epoch) {
                run.onEpoch(epoch.shifted(epochs, steps));
            }

            @Override
            public void onDiagnostics(List<DiagnosticPoint> points) {
                run.onDiagnostics(points.stream().map(p -> p.shifted(epochs, steps)).toList());
            }

            @Override
            public boolean stopRequested() {
                return run.stopRequested();
            }
        };
    }

    /** A listener that only hears of epochs. */
    static TrainingListener ofEpochs(Consumer<EpochMetrics> onEpoch) {
        return of(onEpoch, points -> {
        });
    }

    /** A listener that hears of epochs and diagnostic values. */
    static TrainingListener of(Consumer<EpochMetrics> onEpoch, Consumer<List<DiagnosticPoint>> onDiagnostics) {
        return new TrainingListener() {
            @Override
            public void onStep(StepMetrics step) {
            }

            @Override
            public void onEpoch(EpochMetrics epoch) {
                onEpoch.accept(epoch);
            }

            @Override
            public void onDiagnostics(List<DiagnosticPoint> points) {
                onDiagnostics.accept(points);
            }
        };
    }
}
