package dev.descent.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;
import java.util.Map;

@Schema(description = "One prediction per row: the label and class probabilities (classification) or the value (regression)")
public record Predictions(List<Prediction> predictions) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prediction(
            @Schema(description = "The most probable class") String label,
            @Schema(description = "Probability of each class") Map<String, Double> probabilities,
            @Schema(description = "The predicted value, in the target's units") Double value) {
    }
}
