package dev.descent.watch;

import dev.descent.history.CurvePoint;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.UUID;

@Schema(description = "Several runs' curves of one metric on a common x axis, and how their specs differ")
public record RunComparison(
        @Schema(example = "loss") String metric,
        @Schema(description = "What x counts: step or epoch", example = "epoch") String by,
        List<Run> runs,
        @Schema(description = "Spec settings whose values differ between the runs") List<SpecDifference> differences) {

    @Schema(description = "One run's curve")
    public record Run(UUID jobId, String name, String status,
                      @Schema(description = "Points before downsampling") int totalPoints, List<CurvePoint> points) {
    }
}
