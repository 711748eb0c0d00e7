package dev.descent.api;

import dev.descent.security.Caller;
import dev.descent.sweep.Sweep;
import dev.descent.sweep.SweepReport;
import dev.descent.sweep.SweepService;
import dev.descent.sweep.SweepSpec;
import dev.descent.sweep.SweepSummary;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.UUID;

@RestController
@RequestMapping("/api/v1/sweeps")
@Tag(name = "Sweeps", description = "Hyperparameter searches whose trials are jobs: grid, random and ASHA")
public class SweepController {

    static final String IRIS_GRID = """
            {"name": "iris-lr", "method": "grid", "metric": "validation_loss", "seeds": 2, "maxConcurrentTrials": 4,
             "base": {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 16}]},
                      "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 20, "batchSize": 16}},
             "parameters": {"optimizer.learningRate": {"values": [0.001, 0.01, 0.1]},
                            "training.batchSize": {"values": [8, 32]}}}""";
    static final String DIGITS_ASHA = """
            {"name": "digits-asha", "method": "asha", "reductionFactor": 3, "minEpochs": 1, "maxTrials": 27,
             "metric": "validation_accuracy", "goal": "max", "seed": 7,
             "base": {"dataset": {"id": "digits"}, "model": {"hiddenLayers": [{"units": 64}]},
                      "optimizer": {"type": "sgd", "learningRate": 0.1, "momentum": 0.9},
                      "training": {"epochs": 9, "batchSize": 32}},
             "parameters": {"optimizer.learningRate": {"logUniform": [0.001, 0.5]},
                            "training.batchSize": {"values": [16, 32, 64]},
                            "model.hiddenLayers[0].units": {"intRange": [16, 128, 16]}}}""";

    private final SweepService sweeps;

    public SweepController(SweepService sweeps) {
        this.sweeps = sweeps;
    }

    @PostMapping
    @Operation(summary = "Start a sweep", description = "Validates the base spec and every trial the sweep plans, as "
            + "job submissions are validated, before anything is queued; then queues the first maxConcurrentTrials "
            + "trials (the rest wait in the sweep). Answers 202 with the sweep and its Location.")
    @ApiResponse(responseCode = "202", description = "Started")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, an unknown field or a value out of range",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "A parameter's path, domain or a trial it makes would be refused "
            + "(the field is parameters.<path>), or the sweep is over a limit",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "The queue, or the caller's share of it, has no room for the "
            + "sweep's maxConcurrentTrials", content = @Content(mediaType = "application/problem+json",
            schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<SweepReport> create(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "iris-grid", summary = "Iris: learning rate × batch size, two seeds",
                            value = IRIS_GRID),
                    @ExampleObject(name = "digits-asha", summary = "Digits: ASHA over rate, batch size and width",
                            value = DIGITS_ASHA)}))
            @Valid @RequestBody SweepSpec spec, Caller caller) {
        Sweep sweep = sweeps.create(spec, caller);
        return ResponseEntity.accepted()
                .location(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(sweep.getId())
                        .toUri())
                .body(sweeps.report(sweep.getId(), caller));
    }

    @GetMapping
    @Operation(summary = "List sweeps", description = "Newest first, one page at a time.")
    public PageResponse<SweepSummary> list(
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(10_000_000) int page,
            @Parameter(description = "Sweeps per page") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
            Caller caller) {
        return PageResponse.of(sweeps.list(PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt")),
                caller), summary -> summary);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A sweep", description = "Its status, its trials by state, the leaderboard (best first: each "
            + "configuration's parameters, its metric's mean and 95% interval across seeds), the best trial, asha's "
            + "decisions, and for a learning rate × batch size sweep the best rate per batch size with the fitted "
            + "power law. The trials themselves: GET /api/v1/jobs?sweep={id}.")
    @ApiResponse(responseCode = "404", description = "No such sweep",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public SweepReport get(@PathVariable UUID id, Caller caller) {
        return sweeps.report(id, caller);
    }

    @GetMapping(path = "/{id}/plot.svg", produces = JobWatchController.SVG)
    @Operation(summary = "Plot a sweep (SVG)", description = "The configurations trained as far as the best one, "
            + "each at its mean metric. One parameter: the metric against it with 95% error bars across seeds (a log "
            + "axis for a logUniform domain or values spanning two decades). A learning rate and a batch size: both "
            + "on log axes with the best rate per batch size ringed and the fitted power law γ* ∝ B^α dashed. Two "
            + "other parameters: a heatmap, a cell per grid point (coloured points when a domain is continuous). "
            + "More: parallel coordinates. Darker is better; the best is red.")
    @ApiResponse(responseCode = "200", description = "An SVG document", content = @Content(
            mediaType = JobWatchController.SVG,
            examples = @ExampleObject(name = "svg", value = "<svg xmlns=\"http://www.w3.org/2000/svg\" …>…</svg>")))
    @ApiResponse(responseCode = "404", description = "No such sweep",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<String> plot(@PathVariable UUID id, Caller caller) {
        return JobWatchController.svg(sweeps.plot(id, caller));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a sweep", description = "It queues no more trials; its queued and paused trials are "
            + "cancelled at once, its running ones after their current step.")
    @ApiResponse(responseCode = "409", description = "The sweep has already finished",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public SweepReport cancel(@PathVariable UUID id, Caller caller) {
        return sweeps.cancel(id, caller);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a finished sweep", description = "Removes the sweep and its trials, each as a job is "
            + "deleted (history, model, checkpoint).")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "The sweep or one of its trials is still running, or a job that "
            + "will still run warm-starts from a trial",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<Void> delete(@PathVariable UUID id, Caller caller) {
        sweeps.delete(id, caller);
        return ResponseEntity.noContent().build();
    }
}
