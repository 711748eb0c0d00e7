package dev.descent.job;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.core.type.TypeReference;

import java.util.Map;
import java.util.UUID;

/** A job's place in a sweep: the sweep, its trial number there, and the parameter values it trains with. */
@Schema(description = "The sweep a job is a trial of")
public record Trial(
        UUID sweepId,
        @Schema(description = "From 0, in the order the sweep creates its trials", example = "4") int number,
        @Schema(description = "The trial's parameter values by dotted path into the base spec",
                example = "{\"optimizer.learningRate\": 0.01, \"training.batchSize\": 32}")
        Map<String, Object> assignment) {

    static final TypeReference<Map<String, Object>> ASSIGNMENT = new TypeReference<>() {
    };
}
