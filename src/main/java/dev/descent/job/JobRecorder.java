package dev.descent.job;

import dev.descent.history.HistoryService;
import dev.descent.training.EpochMetrics;
import dev.descent.training.StepMetrics;
import dev.descent.training.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Buffers a running job's step metrics and writes them in batches, with each epoch and the job's progress, so
 * recording stays a small fraction of training time. {@link #flush} writes what is left (on failure too).
 */
final class JobRecorder implements TrainingListener {

    private final UUID jobId;
    private final HistoryService history;
    private final JobRepository jobs;
    private final int flushSize;
    private final BooleanSupplier stop;
    private final List<StepMetrics> buffer = new ArrayList<>();

    JobRecorder(UUID jobId, HistoryService history, JobRepository jobs, int flushSize, BooleanSupplier stop) {
        this.jobId = jobId;
        this.history = history;
        this.jobs = jobs;
        this.flushSize = flushSize;
        this.stop = stop;
    }

    @Override
    public void onStep(StepMetrics step) {
        buffer.add(step);
        if (buffer.size() >= flushSize) {
            write(null);
        }
    }

    @Override
    public void onEpoch(EpochMetrics epoch) {
        write(epoch);
        jobs.recordProgress(jobId, epoch.epoch(), epoch.steps());
    }

    @Override
    public boolean stopRequested() {
        return stop.getAsBoolean();
    }

    void flush() {
        if (!buffer.isEmpty()) {
            write(null);
        }
    }

    private void write(EpochMetrics epoch) {
        history.append(jobId, List.copyOf(buffer), epoch);
        buffer.clear();
    }
}
