package dev.descent.watch;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/**
 * A {@code progress} event: {@code kind} "epoch" when an epoch ended (with its epoch metrics), "step" within an epoch
 * (the latest recorded step). The SSE id is {@code step}.
 */
@Schema(description = "Progress of a running job")
public record ProgressEvent(
        @Schema(example = "epoch") String kind,
        @Schema(description = "Global step", example = "470") long step,
        @Schema(description = "The epoch that ended (epoch) or is under way (step)", example = "2") int epoch,
        @Schema(example = "10") int epochs,
        @Schema(description = "Mean train loss of the epoch, or the latest step's batch loss", example = "0.31") double loss,
        @Schema(example = "0.05") double learningRate,
        @Schema(description = "Epoch events only", example = "0.29") Double validationLoss,
        @Schema(description = "Epoch events only", example = "0.91") Double trainAccuracy,
        @Schema(description = "Epoch events only", example = "0.9") Double validationAccuracy,
        @Schema(example = "21000") Double samplesPerSecond,
        @Schema(description = "Fraction of the run done, 0 to 1", example = "0.2") double fraction,
        @Schema(description = "Estimated seconds left", example = "12") Long etaSeconds,
        @Schema(description = "The latest value of each diagnostic (training.diagnostics) recorded since the last "
                + "event, as far back as the last 10,000 steps, keyed by metric (metric[layer] for a per-layer one); "
                + "left out for a job without diagnostics", example = "{\"coherence\":3.2,\"layer_gradient_norm[1]\":0.41}")
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> diagnostics) {
}
