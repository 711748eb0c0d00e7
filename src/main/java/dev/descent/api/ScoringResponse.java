package dev.descent.api;

import dev.descent.scoring.Scoring;
import dev.descent.scoring.ScoringRequest;
import dev.descent.scoring.ScoringStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Schema(description = "A scoring of a dataset's rows and where it stands")
public record ScoringResponse(
        UUID id,
        @Schema(example = "digits") String datasetId,
        ScoringStatus status,
        @Schema(description = "Why it failed or was cancelled; null otherwise") String statusReason,
        @Schema(description = "The fraction of its runs' epochs trained, 1 once scored", example = "0.5") double progress,
        @Schema(description = "The jobs that train its models, run 1 first (ordinary jobs, seeded seed + i)")
        List<UUID> jobs,
        @Schema(description = "Rows scored; null until it has succeeded", example = "1797") Integer rows,
        Instant createdAt,
        Instant finishedAt,
        @Schema(example = "alice") String createdBy,
        ScoringRequest request) {

    static ScoringResponse of(Scoring scoring, double progress, ScoringRequest request) {
        return new ScoringResponse(scoring.getId(), scoring.getDatasetId(), scoring.getStatus(), scoring.getError(),
                progress, scoring.getJobIds(), scoring.getRowCount(), scoring.getCreatedAt(),
                scoring.getFinishedAt(), scoring.getCreatedBy(), request);
    }
}
