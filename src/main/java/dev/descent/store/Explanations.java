package dev.descent.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

@Schema(description = "For each row, what the model predicts and the gradient of the explained output with respect "
        + "to each raw feature (docs/explanations.md)")
public record Explanations(
        @Schema(description = "The features, in the order of each gradient's values") List<String> featureNames,
        List<Explanation> explanations) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Explanation(
            @Schema(description = "The most probable class (classification)", example = "7") String label,
            @Schema(description = "The class whose logit is differentiated: the requested one, else the predicted",
                    example = "7") String explained,
            @Schema(description = "The explained output: that class's logit, or the predicted value in the "
                    + "target's units (regression)", example = "4.2") double output,
            @ArraySchema(arraySchema = @Schema(description = "∂output/∂x_j for each raw feature j, in output units "
                    + "per raw feature unit"), schema = @Schema(example = "0.013")) List<Double> gradient) {
    }
}
