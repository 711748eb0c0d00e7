package dev.descent.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** A trained model's quality on a dataset; classification and regression fill different fields. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Quality of a trained model on a dataset")
public record EvaluationReport(
        String datasetId,
        int rows,
        @Schema(description = "Mean cross-entropy of the predicted probabilities (classification)") Double loss,
        Double accuracy,
        @Schema(description = "Precision, recall, F1 and support of each class") List<ClassMetrics> perClass,
        @Schema(description = "Counts: row = actual class, column = predicted class, in classNames order")
        List<List<Long>> confusionMatrix,
        List<String> classNames,
        @Schema(description = "Regression, in the target's units") Double mse,
        Double rmse,
        Double mae,
        Double r2) {

    public record ClassMetrics(String name, double precision, double recall, double f1, long support) {
    }
}
