package dev.descent.api;

import dev.descent.continual.ContinualReport;
import dev.descent.error.InvalidParameterException;
import dev.descent.history.Curve;
import dev.descent.history.CurveMetric;
import dev.descent.history.DownsampleMethod;
import dev.descent.history.EpochSummary;
import dev.descent.history.HeavyReads;
import dev.descent.history.HistoryService;
import dev.descent.privacy.PrivacyReport;
import dev.descent.job.Job;
import dev.descent.job.JobFilter;
import dev.descent.job.JobLabels;
import dev.descent.job.JobService;
import dev.descent.job.JobSpec;
import dev.descent.job.JobStatus;
import dev.descent.job.MetricThreshold;
import dev.descent.training.EpochMetrics;
import dev.descent.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Submit training jobs, follow them, read their history")
public class JobController {

    private final JobService jobs;
    private final HistoryService history;
    private final HeavyReads reads;

    public JobController(JobService jobs, HistoryService history, HeavyReads reads) {
        this.jobs = jobs;
        this.history = history;
        this.reads = reads;
    }

    @PostMapping
    @Operation(summary = "Submit a training job",
            description = "Validates the spec against the catalogs and limits, then queues it. A worker picks it up "
                    + "in submission order. Answers 202 with the job and its Location.")
    @ApiResponse(responseCode = "202", description = "Queued")
    @ApiResponse(responseCode = "400", description = "Malformed JSON, an unknown type or a field out of range",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "A dataset that does not exist, or a model or run over a limit",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "The queue is full; retry after the Retry-After seconds",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<JobResponse> submit(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = {
                    @ExampleObject(name = "iris", summary = "Iris, small MLP, Adam", value = JobExamples.IRIS),
                    @ExampleObject(name = "mnist", summary = "MNIST reference MLP, SGD with momentum", value = JobExamples.MNIST),
                    @ExampleObject(name = "mnist-cnn", summary = "MNIST, a small CNN, Adam", value = JobExamples.MNIST_CNN),
                    @ExampleObject(name = "private", summary = "DP-SGD on digits, noise calibrated to ε = 3", value = JobExamples.PRIVATE_DIGITS),
                    @ExampleObject(name = "diabetes", summary = "Regression with Nesterov SGD and dropout", value = JobExamples.DIABETES),
                    @ExampleObject(name = "two-spirals", summary = "Synthetic data, full batch, float64", value = JobExamples.SPIRALS),
                    @ExampleObject(name = "multi-mix", summary = "Digits trained on multi-mixed batches (K = 4)",
                            value = JobExamples.MULTI_MIX)}))
            @Valid @RequestBody JobSpec spec, Caller caller) {
        Job job = jobs.submit(spec, caller);
        return ResponseEntity.accepted()
                .location(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(job.getId()).toUri())
                .body(response(job));
    }

    @GetMapping
    @Operation(summary = "List jobs", description = "Newest first, one page at a time; each filter given narrows the "
            + "list: status, a sweep's trials (each with its trial number and parameter values), project, tags "
            + "(every one given), dataset, optimizer type and a creation time range.")
    public PageResponse<JobResponse> list(
            @Parameter(description = "Only jobs with this status") @RequestParam(required = false) JobStatus status,
            @Parameter(description = "Only the trials of this sweep") @RequestParam(required = false) UUID sweep,
            @Parameter(description = "Only jobs of this project", example = "digits-study")
            @RequestParam(required = false) String project,
            @Parameter(description = "Only jobs with this tag: key (any value) or key:value; repeat for several, all "
                    + "of which a job must have", example = "team:vision") @RequestParam(required = false)
            List<@Size(max = 400) String> tag,
            @Parameter(description = "Only jobs on this dataset", example = "digits")
            @RequestParam(required = false) String dataset,
            @Parameter(description = "Only jobs with this optimizer type", example = "adam")
            @RequestParam(required = false) String optimizer,
            @Parameter(description = "Only jobs created at or after this instant (ISO 8601)",
                    example = "2026-12-01T00:00:00Z") @RequestParam(required = false) Instant createdAfter,
            @Parameter(description = "Only jobs created before this instant (ISO 8601)",
                    example = "2026-12-31T00:00:00Z") @RequestParam(required = false) Instant createdBefore,
            @Parameter(description = "Only jobs whose final metric (at the last epoch recorded) passes this bound: "
                    + "train_loss, train_accuracy, validation_loss, validation_accuracy, validation_rmse or "
                    + "validation_r2, then >, >=, < or <=, then a number; repeat for several",
                    example = "validation_accuracy>0.97") @RequestParam(required = false) List<String> metric,
            // page × size is the database offset, an int: 10⁷ pages of at most 200 stay within it
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(10_000_000) int page,
            @Parameter(description = "Jobs per page") @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
            Caller caller) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"));
        JobFilter filter = new JobFilter(status, sweep, project, tag, dataset, optimizer, createdAfter, createdBefore,
                metric == null ? null : metric.stream().map(JobController::threshold).toList());
        Page<Job> found = jobs.list(filter, request, caller);
        Map<UUID, EpochSummary> metrics = history.summaries(found.map(Job::getId).toList());
        return PageResponse.of(found, job -> JobResponse.of(job, jobs, metrics.get(job.getId())));
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change a job's project or tags", description = "Only project and tags can change: a field "
            + "left out stays as it is, \"project\": \"\" clears the project and \"tags\" replaces every tag. Any "
            + "other field is refused with 400 naming it.")
    @ApiResponse(responseCode = "400", description = "A field other than project and tags, or one out of range",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public JobResponse label(@PathVariable UUID id,
                             @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples =
                             @ExampleObject(name = "tags", value = "{\"project\": \"digits-study\", \"tags\": "
                                     + "{\"stage\": \"final\"}}")))
                             @Valid @RequestBody JobLabels labels, Caller caller) {
        return response(jobs.label(id, labels, caller));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A job", description = "Its status, progress and spec.")
    @ApiResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public JobResponse get(@PathVariable UUID id, Caller caller) {
        Job job = jobs.get(id, caller);
        return response(job);
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a job", description = "A queued job is cancelled at once; a running job stops "
            + "after its current step and keeps the history recorded so far.")
    @ApiResponse(responseCode = "409", description = "The job has already finished",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public JobResponse cancel(@PathVariable UUID id, Caller caller) {
        Job job = jobs.cancel(id, caller);
        return response(job);
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume a cancelled job", description = "A running job writes a checkpoint when it is "
            + "cancelled; resuming queues it again and it continues from that checkpoint exactly as if it had never "
            + "stopped (same weights, optimizer state, schedule position, row order and random numbers).")
    @ApiResponse(responseCode = "409", description = "The job is not cancelled, or was cancelled before it started",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public JobResponse resume(@PathVariable UUID id, Caller caller) {
        Job job = jobs.resume(id, caller);
        return response(job);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a finished job", description = "Removes the job, its history, model and checkpoint.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "The job is queued or running: cancel it first; or jobs that "
            + "will still run warm-start or refine from it (listed in dependants)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<Void> delete(@PathVariable UUID id, Caller caller) {
        jobs.delete(id, caller);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/privacy")
    @Operation(summary = "A private job's privacy report", description = "Its DP-SGD settings, the noise multiplier "
            + "it trains with (calibrated when only targetEpsilon was given), q, the planned steps and the step budget, "
            + "ε spent so far by the RDP accountant (improved and classic conversions) and ε at the end, and warnings "
            + "about what the guarantee rests on (shuffled rather than Poisson batches, δ ≥ 1/N, public rows).")
    @ApiResponse(responseCode = "404", description = "No such job, or it trains without privacy",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public PrivacyReport privacy(@PathVariable UUID id, Caller caller) {
        return jobs.privacy(id, caller);
    }

    @GetMapping("/{id}/continual")
    @Operation(summary = "A continual job's task × task matrix", description = "After each finished task, the "
            + "held-out accuracy on every task so far (row i after task i + 1), the mean accuracy over all tasks so "
            + "far and each earlier task's forgetting. The same values are the curve task_accuracy, one series per "
            + "task (layer=k for task k), to plot.")
    @ApiResponse(responseCode = "404", description = "No such job, or it trains on one task",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ContinualReport continual(@PathVariable UUID id, Caller caller) {
        return jobs.continual(id, caller);
    }

    @GetMapping("/{id}/history")
    @Operation(summary = "Per-epoch metrics", description = "Train loss and accuracy, validation loss and accuracy "
            + "(or RMSE and R² for regression), learning rate, mean gradient norm, duration and throughput of every "
            + "epoch recorded so far; readable while the job runs and after it ends.")
    public List<EpochMetrics> history(@PathVariable UUID id, Caller caller) {
        jobs.get(id, caller);
        return history.epochs(id);
    }

    @GetMapping("/{id}/curves")
    @Operation(summary = "A metric's curve", description = "Per-step metrics (loss, learning_rate, gradient_norm, "
            + "gradient_l1_norm) by step, per-epoch metrics (train_loss, validation_loss, train_accuracy, "
            + "validation_accuracy, validation_rmse, validation_r2, epoch_gradient_norm, samples_per_second, epsilon) by epoch; "
            + "diagnostics the job records (training.diagnostics: coherence, sharpness, clipped_fraction, "
            + "mean_example_gradient_norm by step, suboptimality by epoch; layer_gradient_norm, layer_weight_norm, "
            + "layer_update_ratio by step, one series per layer, chosen with layer). "
            + "Optionally smoothed with a debiased exponential moving average (smoothing = the weight of the past, as "
            + "TensorBoard's slider), then downsampled to maxPoints: min/max buckets keep every extreme, LTTB "
            + "(largest triangle three buckets) keeps the visual shape; both keep the first and last point. A "
            + "million-step curve answers in well under a second.")
    @ApiResponse(responseCode = "422", description = "Unknown metric or method; a per-layer metric without layer, or "
            + "layer for a metric without layers",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "This server is answering descent.reads.max-concurrent such reads "
            + "already; retry after the Retry-After seconds",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public Curve curve(
            @PathVariable UUID id,
            @Parameter(description = "Metric name", example = "loss") @RequestParam(defaultValue = "loss") String metric,
            @Parameter(description = "At most this many points", example = "1000")
            @RequestParam(defaultValue = "1000") @Min(4) @Max(100000) int maxPoints,
            @Parameter(description = "Downsampling: minmax or lttb", example = "lttb")
            @RequestParam(defaultValue = "minmax") String method,
            @Parameter(description = "EMA smoothing weight, 0 (none) to below 1", example = "0.6")
            @RequestParam(defaultValue = "0") @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) double smoothing,
            @Parameter(description = "The layer's number (from 1, the output layer last) for a per-layer metric",
                    example = "1") @RequestParam(required = false) @Min(1) @Max(1000) Integer layer,
            Caller caller) {
        CurveMetric curveMetric = CurveParameters.metric("metric", metric);
        DownsampleMethod downsampling = CurveParameters.method(method);
        jobs.get(id, caller);
        int series = CurveParameters.layer(curveMetric, layer, () -> history.diagnosticLayers(id, curveMetric));
        try (HeavyReads.Permit permit = reads.admit()) {
            return history.curve(id, curveMetric, maxPoints, downsampling, smoothing, null, series);
        }
    }

    private JobResponse response(Job job) {
        return JobResponse.of(job, jobs, history.summaries(List.of(job.getId())).get(job.getId()));
    }

    private static MetricThreshold threshold(String text) {
        try {
            return MetricThreshold.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("metric", e.getMessage());
        }
    }
}
