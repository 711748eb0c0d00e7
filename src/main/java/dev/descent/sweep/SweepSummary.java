package dev.descent.sweep;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

@Schema(description = "A sweep in a list: where it stands")
public record SweepSummary(UUID id, String name, SweepStatus status, SweepSpec.Method method,
                           @Schema(description = "Trials planned") int plannedTrials,
                           @Schema(description = "Trials created so far") int createdTrials,
                           String createdBy, Instant createdAt, Instant finishedAt) {

    static SweepSummary of(Sweep sweep) {
        return new SweepSummary(sweep.getId(), sweep.getName(), sweep.getStatus(), sweep.getMethod(),
                sweep.getPlannedTrials(), sweep.getCreatedTrials(), sweep.getCreatedBy(), sweep.getCreatedAt(),
                sweep.getFinishedAt());
    }
}
