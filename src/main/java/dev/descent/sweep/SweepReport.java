package dev.descent.sweep;

import dev.descent.job.JobStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Schema(description = "A sweep: where it stands, its leaderboard and, for asha, its decisions")
public record SweepReport(
        UUID id,
        String name,
        SweepStatus status,
        @Schema(description = "Why the sweep failed; null otherwise") String statusReason,
        SweepSpec.Method method,
        @Schema(example = "validation_loss") String metric,
        SweepSpec.Goal goal,
        Trials trials,
        @Schema(description = "Configurations best first: those trained furthest first (asha), then by their mean "
                + "metric") List<Entry> leaderboard,
        @Schema(description = "The best trial of the leaderboard's first configuration; null before any result")
        Best best,
        @Schema(description = "asha's promotions and stops, by rung and the order of each rung's results; empty for "
                + "grid and random") List<Decision> decisions,
        @Schema(description = "For a sweep of a learning rate and a batch size: the best rate per batch size and the "
                + "fitted power law γ* ∝ B^α; null otherwise") BatchSizeScaling.Report batchSizeScaling,
        @Schema(example = "alice") String createdBy,
        Instant createdAt,
        Instant finishedAt,
        SweepSpec spec) {

    @Schema(description = "The sweep's trials: planned, created so far, and how many are in each state")
    public record Trials(int planned, int created, Map<JobStatus, Long> byStatus) {
    }

    @Schema(description = "One configuration and its metric across its trials (its seeds)")
    public record Entry(
            @Schema(description = "From 1") int rank,
            @Schema(description = "The configuration's number: its trials are numbers configuration × seeds + 0, 1, …")
            int configuration,
            @Schema(example = "{\"optimizer.learningRate\": 0.01}") Map<String, Object> parameters,
            @Schema(description = "Epochs its metric was taken after (asha: the highest rung it reached)") int epochs,
            @Schema(description = "Mean of its trials' metric") double mean,
            @Schema(description = "95% interval of the mean across seeds (Student's t); null with one trial") Double low,
            Double high,
            @Schema(description = "Each trial's metric, by trial number") List<Double> values,
            List<UUID> trialIds) {
    }

    @Schema(description = "The best trial")
    public record Best(UUID jobId, int trialNumber, Map<String, Object> parameters, int epochs, double metric) {
    }

    @Schema(description = "A decision of asha's about a trial at a rung")
    public record Decision(int trialNumber, int rung, @Schema(description = "Epochs of the rung") int epoch,
                           @Schema(description = "The metric it was compared by") Double metric,
                           @Schema(allowableValues = {"promote", "stop"}) String decision) {
    }
}
