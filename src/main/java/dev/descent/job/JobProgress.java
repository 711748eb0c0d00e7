package dev.descent.job;

import io.swagger.v3.oas.annotations.media.Schema;

@Schema(description = "Epochs and steps done so far, and the estimated time left")
public record JobProgress(
        @Schema(description = "Epochs completed", example = "3") int epoch,
        @Schema(description = "Epochs planned", example = "10") int epochs,
        @Schema(description = "Steps done (recorded) so far", example = "1407") long steps,
        @Schema(description = "Steps of the whole run; null until a worker has prepared the data", example = "4690")
        Long totalSteps,
        @Schema(description = "Fraction of the planned steps (before they are known, of the epochs) done, 0 to 1",
                example = "0.3") double fraction,
        @Schema(description = "Estimated seconds left while running, from this attempt's pace; null otherwise",
                example = "42") Long etaSeconds) {

    public static JobProgress of(Job job) {
        Long total = job.getTotalSteps();
        double fraction = job.getStatus() == JobStatus.SUCCEEDED ? 1.0
                : total != null && total > 0 ? Math.min(1.0, (double) job.getSteps() / total)
                : (double) job.getCurrentEpoch() / job.getEpochs();
        // the training loop's pace so far, history writes included; early stopping may end the run sooner, and a
        // resumed run's pace counts only this attempt's time (the estimate is low until it has run a while)
        Long eta = job.getStatus() == JobStatus.RUNNING && fraction > 0 && job.getTrainingMillis() > 0
                ? Math.round(job.getTrainingMillis() * (1 - fraction) / fraction / 1000.0) : null;
        return new JobProgress(job.getCurrentEpoch(), job.getEpochs(), job.getSteps(), total, fraction, eta);
    }
}
