package dev.descent.job;

import dev.descent.diagnostics.DiagnosticPoint;
import dev.descent.training.EpochMetrics;
import dev.descent.training.StepMetrics;
import dev.descent.training.TrainingListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Buffers a running job's step metrics and writes them in batches (when the buffer is full, at least every
 * {@code flushInterval}, and with each epoch), updating the job's progress, so recording stays a small fraction of
 * training time while clients still see the curve grow. {@link #flush} writes what is left (on failure too). Every
 * write is fenced by the job's claim: once the claim is lost, the training stops at its next step.
 */
final class JobRecorder implements TrainingListener {

    private final Claim claim;
    private final ClaimedWrites writes;
    private final int flushSize;
    private final long flushIntervalNanos;
    private final BooleanSupplier stop;
    private final JobMetrics metrics;
    private final Integer pauseAfterEpoch;
    private final List<StepMetrics> buffer = new ArrayList<>();
    private final List<DiagnosticPoint> diagnostics = new ArrayList<>();
    private final long started = System.nanoTime();
    private long lastWrite = started;
    private long recordingNanos;
    private int epochsDone;
    private long stepsBeforeEpoch;

    /** @param pauseAfterEpoch a sweep trial's rung, the epoch after which it stops checkpointed; null for none */
    JobRecorder(Claim claim, ClaimedWrites writes, HistoryProperties properties, BooleanSupplier stop,
                JobMetrics metrics, Integer pauseAfterEpoch) {
        this.pauseAfterEpoch = pauseAfterEpoch;
        this.metrics = metrics;
        this.claim = claim;
        this.writes = writes;
        this.flushSize = properties.stepFlushSize();
        this.flushIntervalNanos = properties.flushInterval().toNanos();
        this.stop = stop;
    }

    /** Continues the progress of a run resumed after {@code epochs} epochs and {@code steps} steps. */
    void resumeAfter(int epochs, long steps) {
        epochsDone = epochs;
        stepsBeforeEpoch = steps;
    }

    @Override
    public void onStep(StepMetrics step) {
        buffer.add(step);
        metrics.step();
        if (buffer.size() >= flushSize || System.nanoTime() - lastWrite >= flushIntervalNanos) {
            write(null);
        }
    }

    /** Written with the steps; they are few beside the steps, or come with every step (layer statistics). */
    @Override
    public void onDiagnostics(List<DiagnosticPoint> points) {
        diagnostics.addAll(points);
    }

    @Override
    public void onEpoch(EpochMetrics epoch) {
        epochsDone = epoch.epoch();
        metrics.epoch(claim.jobId(), epoch.steps() - stepsBeforeEpoch, epoch.durationMillis());
        stepsBeforeEpoch = epoch.steps();
        write(epoch);
    }

    /** Whether a sweep's trial has trained up to its rung: it stops there, checkpointed, before the next epoch. */
    boolean atRung() {
        return pauseAfterEpoch != null && epochsDone >= pauseAfterEpoch;
    }

    @Override
    public boolean stopRequested() {
        return claim.isLost() || stop.getAsBoolean() || atRung();
    }

    void flush() {
        if (!buffer.isEmpty() || !diagnostics.isEmpty()) {
            write(null);
        }
    }

    /** Writes the buffer and the progress, and counts the time it took as recording time. */
    private void write(EpochMetrics epoch) {
        long writeStarted = System.nanoTime();
        long steps = epoch != null ? epoch.steps() : !buffer.isEmpty() ? buffer.get(buffer.size() - 1).step()
                : diagnostics.get(diagnostics.size() - 1).step();
        writes.append(claim, List.copyOf(buffer), List.copyOf(diagnostics), epoch, () -> {
            long now = System.nanoTime();
            return new ClaimedWrites.Progress(epochsDone, steps, (now - started) / 1_000_000,
                    (recordingNanos + now - writeStarted) / 1_000_000);
        });
        buffer.clear();
        diagnostics.clear();
        lastWrite = System.nanoTime();
        recordingNanos += lastWrite - writeStarted;
    }
}
