package dev.descent.api;

import dev.descent.history.EpochSummary;
import dev.descent.job.Job;
import dev.descent.job.JobProgress;
import dev.descent.job.JobService;
import dev.descent.job.JobSpec;
import dev.descent.job.JobStatus;
import dev.descent.job.Trial;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

@Schema(description = "A training job and where it stands")
public record JobResponse(
        UUID id,
        String name,
        JobStatus status,
        @Schema(description = "Why the job failed or was cancelled; null otherwise") String statusReason,
        String datasetId,
        @Schema(description = "Trainable parameters of the model on this dataset") long parameterCount,
        JobProgress progress,
        Timings timings,
        @Schema(description = "How many times a worker has started this job") int attempts,
        @Schema(description = "How many times this job's server stopped without returning it to the queue (a crash); "
                + "at descent.executor.max-lost-leases the job fails") int lostLeases,
        @Schema(description = "Global step after which the latest checkpoint was taken; null without one (a job "
                + "that succeeded keeps its model instead)") Long checkpointStep,
        Instant createdAt,
        @Schema(description = "The user whose job it is (\"local\" in open mode)", example = "alice") String createdBy,
        @Schema(description = "The job's project; null without one", example = "digits-study") String project,
        @Schema(description = "The job's tags, key → value, sorted by key", example = "{\"team\": \"vision\"}")
        Map<String, String> tags,
        Instant startedAt,
        Instant finishedAt,
        @Schema(description = "The sweep this job is a trial of, its number and parameter values; null for a job "
                + "submitted on its own") Trial trial,
        @Schema(description = "Each epoch metric's last value and its least and greatest; null before the first "
                + "epoch") EpochSummary metrics,
        JobSpec spec) {

    @Schema(description = "Where the time of the last attempt went")
    public record Timings(@Schema(description = "Wall time of the training loop so far") long trainingMillis,
                          @Schema(description = "Of that, time spent writing the history") long recordingMillis) {
    }

    static JobResponse of(Job job, JobService jobs, EpochSummary metrics) {
        return new JobResponse(job.getId(), job.getName(), job.getStatus(), job.getError(), job.getDatasetId(),
                job.getParameterCount(),
                JobProgress.of(job),
                new Timings(job.getTrainingMillis(), job.getRecordingMillis()),
                job.getAttempts(), job.getLostLeases(), job.getCheckpointStep(), job.getCreatedAt(), job.getCreatedBy(),
                job.getProject(), job.getTags(), job.getStartedAt(), job.getFinishedAt(), jobs.trial(job), metrics, jobs.spec(job));
    }
}
