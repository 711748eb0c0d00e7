package dev.descent.api;

import dev.descent.dataset.DatasetRef;
import dev.descent.job.JobService;
import dev.descent.model.ModelSpec;
import dev.descent.model.ModelSummary;
import dev.descent.security.Caller;
import dev.descent.training.TrainingSettings;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models", description = "Use what a succeeded job trained: download it, predict, evaluate")
public class ModelSummaryController {

    private final JobService jobs;

    public ModelSummaryController(JobService jobs) {
        this.jobs = jobs;
    }

    /** A model and the dataset it would train on; training only matters with a private PCA (fewer inputs). */
    public record SummaryRequest(@NotNull @Valid DatasetRef dataset, @NotNull @Valid ModelSpec model,
                                 @Schema(description = "Optional: a job's training settings, whose private PCA "
                                         + "changes what the first layer sees") @Valid TrainingSettings training) {
    }

    @PostMapping("/summary")
    @Operation(summary = "Summarise a model without training it", description = "Each layer's output shape, "
            + "parameters and FLOPs per example on the dataset's input shape, the output layer last, as a job with "
            + "this model would have them (Keras's model.summary()). The same shape inference refuses an impossible "
            + "model at submission.")
    @ApiResponse(responseCode = "200", description = "The layers and their totals")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, an unknown layer type or a field out of range",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "A layer that cannot take its input (field model.layers[i]), "
            + "or a dataset that does not exist",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ModelSummary summary(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    name = "A small CNN on MNIST", value = JobExamples.CNN_SUMMARY)))
            @Valid @RequestBody SummaryRequest request, Caller caller) {
        return jobs.summary(request.dataset(), request.model(), request.training(), caller);
    }
}
