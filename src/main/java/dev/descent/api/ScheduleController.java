package dev.descent.api;

import dev.descent.job.SchedulePreview;
import dev.descent.job.SchedulePreviews;
import dev.descent.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/schedules")
@Tag(name = "Schedules", description = "Learning-rate schedules laid out before anything trains")
public class ScheduleController {

    private final SchedulePreviews previews;

    public ScheduleController(SchedulePreviews previews) {
        this.previews = previews;
    }

    @PostMapping("/preview")
    @Operation(summary = "Preview a schedule", description = "The learning rate at every step (or epoch) of a run of "
            + "the given length, computed as a job's trainer computes it: the optimizer's learningRate as γ0, scaled "
            + "by the batch-size rule when referenceBatchSize is given, then the schedule (a refined one from the "
            + "recorded gradient norms of a finished job of the caller's). At most "
            + SchedulePreview.MAX_UNITS + " units.")
    @ApiResponse(responseCode = "200", description = "The rates")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, an unknown field or a value out of range",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "A refined schedule without a finished job to read, or counted "
            + "in epochs; referenceBatchSize without batchSize",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public SchedulePreview.Rates preview(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "warmup-cosine", summary = "Linear warm-up over 100 steps, then cosine",
                            value = """
                                    {"optimizer": {"type": "sgd", "learningRate": 0.1, "momentum": 0.9},
                                     "schedule": {"type": "warmup", "steps": 100, "then": {"type": "cosine"}},
                                     "units": 1000, "unit": "step"}"""),
                    @ExampleObject(name = "step-epochs", summary = "Step decay by epochs, scaled to batch 512",
                            value = """
                                    {"optimizer": {"type": "adam", "learningRate": 0.001},
                                     "schedule": {"type": "step", "stepSize": 10, "gamma": 0.5},
                                     "units": 30, "unit": "epoch", "batchSize": 512, "referenceBatchSize": 128}""")}))
            @Valid @RequestBody SchedulePreview.Request request, Caller caller) {
        return previews.rates(request, caller);
    }
}
