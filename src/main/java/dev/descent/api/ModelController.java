package dev.descent.api;

import dev.descent.dataset.GeneratorOptions;
import dev.descent.job.Job;
import dev.descent.job.JobService;
import dev.descent.store.EvaluationReport;
import dev.descent.store.Explanations;
import dev.descent.store.ModelService;
import dev.descent.store.Predictions;
import dev.descent.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/jobs/{id}")
@Tag(name = "Models", description = "Use what a succeeded job trained: download it, predict, evaluate")
public class ModelController {

    private final JobService jobs;
    private final ModelService models;

    // checked by the artifact, not by a constraint here: a constraint on a parameter would make Spring validate the
    // whole method, and name the body's fields after the method's parameter
    private static final String STAGES = "A model trained by boosting: use only its first this many stages (fewer "
            + "hidden units, faster, usually a little less accurate); all of them when omitted. 400 for a model "
            + "without stages or a number beyond its stages";

    public ModelController(JobService jobs, ModelService models) {
        this.jobs = jobs;
        this.models = models;
    }

    @Schema(description = "Rows of raw, unscaled feature values, in the training dataset's feature order")
    public record PredictRequest(
            @Schema(example = "[[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]") @NotEmpty List<List<Double>> rows) {
    }

    @Schema(description = "Rows of raw feature values to explain, and optionally the class whose logit to explain")
    public record ExplainRequest(
            @Schema(example = "[[5.1, 3.5, 1.4, 0.2]]") @NotEmpty List<List<Double>> rows,
            @Schema(description = "A class name: its logit is differentiated in every row; each row's predicted class "
                    + "when omitted (classification only)", example = "virginica") String label) {
    }

    @Schema(description = "A dataset to evaluate on: a built-in id, an upload's id, or a synthetic one with options")
    public record EvaluateRequest(@Schema(example = "mnist-test") @NotBlank String dataset,
                                  @Valid GeneratorOptions generator) {
    }

    @GetMapping(value = "/model", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Download the trained model", description = "JSON, format descent-model/1: task, class and "
            + "feature names, the feature (and regression target) scaling fitted on the training rows, the model "
            + "spec, and each dense layer's activation, weights (row-major inputs × outputs) and bias.")
    @ApiResponse(responseCode = "409", description = "The job has no trained model (it has not succeeded)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<byte[]> model(@PathVariable UUID id, Caller caller) {
        Job job = jobs.get(id, caller);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"descent-model-" + id + ".json\"")
                .body(models.download(id, job.getModelPath()));
    }

    @PostMapping("/predict")
    @Operation(summary = "Predict", description = "Class probabilities and the predicted label for each row "
            + "(classification), or the value in the target's units (regression). Rows are raw: the model's stored "
            + "scaling applies. At most descent.store.max-predict-rows rows per request.")
    @ApiResponse(responseCode = "422", description = "A row with the wrong number of values, or too many rows",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public Predictions predict(@PathVariable UUID id,
                               @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                               @ExampleObject(name = "iris", value = "{\"rows\": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}")))
                               @Valid @RequestBody PredictRequest request,
                               @Parameter(description = STAGES, schema = @Schema(minimum = "1")) @RequestParam(required = false)
                               Integer stages,
                               Caller caller) {
        return models.predict(models.artifact(id, jobs.get(id, caller).getModelPath()).firstStages(stages),
                request.rows());
    }

    @PostMapping("/explain")
    @Operation(summary = "Explain predictions by input gradients", description = "For each raw row, the predicted "
            + "label and ∂logit/∂x_j for every raw feature j (of the predicted class, or of `label`), or for "
            + "regression ∂value/∂x_j in the target's units: differentiated through the stored standardisation and "
            + "projection, so each value is in logit units per raw feature unit. At most "
            + "descent.store.max-explain-rows rows per request.")
    @ApiResponse(responseCode = "422", description = "A row with the wrong number of values, too many rows, or an "
            + "unknown label", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class)))
    public Explanations explain(@PathVariable UUID id,
                                @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                                @ExampleObject(name = "iris", value = "{\"rows\": [[5.1, 3.5, 1.4, 0.2]], \"label\": \"setosa\"}")))
                                @Valid @RequestBody ExplainRequest request, Caller caller) {
        return models.explain(models.artifact(id, jobs.get(id, caller).getModelPath()), request.rows(),
                request.label());
    }

    @PostMapping(value = "/explain.svg", produces = JobWatchController.SVG)
    @Operation(summary = "Input gradients drawn", description = "For a model trained on images: each row and the "
            + "gradient of its explained logit as heatmaps side by side (the image in grey, the gradient from blue, "
            + "negative, through white to red, positive). The same request and limits as POST /explain.")
    @ApiResponse(responseCode = "409", description = "The job has no trained model, or its model was not trained on images",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<String> explainSvg(@PathVariable UUID id, @Valid @RequestBody ExplainRequest request,
                                             Caller caller) {
        Job job = jobs.get(id, caller);
        String title = (job.getName() != null ? job.getName() : id.toString()) + ": input gradients";
        return JobWatchController.svg(models.explainImages(models.artifact(id, job.getModelPath()),
                jobs.spec(job).dataset(), request.rows(), request.label(), title));
    }

    @PostMapping("/evaluate")
    @Operation(summary = "Evaluate on a dataset", description = "Classification: mean cross-entropy, accuracy, "
            + "per-class precision, recall and F1, confusion matrix. Regression: MSE, RMSE, MAE, R² in the target's "
            + "units. The dataset must have the model's features and classes.")
    public EvaluationReport evaluate(@PathVariable UUID id,
                                     @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                                     @ExampleObject(name = "mnist-test", value = "{\"dataset\": \"mnist-test\"}")))
                                     @Valid @RequestBody EvaluateRequest request,
                                     @Parameter(description = STAGES, schema = @Schema(minimum = "1"))
                                     @RequestParam(required = false) Integer stages, Caller caller) {
        return models.evaluate(models.artifact(id, jobs.get(id, caller).getModelPath()).firstStages(stages),
                request.dataset(), request.generator(), caller);
    }
}
