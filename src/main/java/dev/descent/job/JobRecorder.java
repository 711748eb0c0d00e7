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
 * Buffers a running job's step metrics and writes them in batches (when the buffer is full, at least every
 * {@code flushInterval}, and with each epoch), updating the job's progress, so recording stays a small fraction of
 * training time while clients still see the curve grow. {@link #flush} writes what is left (on failure too).
 */
final class JobRecorder implements TrainingListener {

    private final UUID jobId;
    private final HistoryService history;
    private final JobRepository jobs;
    private final int flushSize;
    private final long flushIntervalNanos;
    private final BooleanSupplier stop;
    private final JobMetrics metrics;
    private final List<StepMetrics> buffer = new ArrayList<>();
    private final long started = System.nanoTime();
    private long lastWrite = started;
    private long recordingNanos;
    private int epochsDone;
    private long stepsBeforeEpoch;

    JobRecorder(UUID jobId, HistoryService history, JobRepository jobs, HistoryProperties properties,
                BooleanSupplier stop, JobMetrics metrics) {
        this.metrics = metrics;
        this.jobId = jobId;
        this.history = history;
        this.jobs = jobs;
        this.flushSize = properties.stepFlushSize();
        this.flushIntervalNanos = properties.flushInterval().toNanos();
        this.stop = stop;
    }

    /** Continues the progress of a run resumed after {@code epochs} epochs and {@code steps} steps. */
    void resumeAfter(int epochs, long steps) {
        epochsDone = epochs;
        stepsBeforeEpoch = steps;
        jobs.recordProgress(jobId, epochs, steps, 0, 0);
    }

    @Override
    public void onStep(StepMetrics step) {
        buffer.add(step);
        metrics.step();
        if (buffer.size() >= flushSize || System.nanoTime() - lastWrite >= flushIntervalNanos) {
            write(null);
        }
    }

    @Override
    public void onEpoch(EpochMetrics epoch) {
        epochsDone = epoch.epoch();
        metrics.epoch(jobId, epoch.steps() - stepsBeforeEpoch, epoch.durationMillis());
        stepsBeforeEpoch = epoch.steps();
        write(epoch);
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

    /** Writes the buffer and the progress, and counts the time it took as recording time. */
    private void write(EpochMetrics epoch) {
        long writeStarted = System.nanoTime();
        long steps = epoch != null ? epoch.steps() : buffer.get(buffer.size() - 1).step();
        history.append(jobId, List.copyOf(buffer), epoch);
        buffer.clear();
        lastWrite = System.nanoTime();
        recordingNanos += lastWrite - writeStarted;
        jobs.recordProgress(jobId, epochsDone, steps, (lastWrite - started) / 1_000_000, recordingNanos / 1_000_000);
    }
}
