package dev.descent.api;

import dev.descent.history.CurveAxis;
import dev.descent.history.CurveMetric;
import dev.descent.history.DownsampleMethod;
import dev.descent.watch.PlotSeries;
import dev.descent.watch.RunComparison;
import dev.descent.watch.RunComparisons;
import dev.descent.watch.SvgPlot;
import dev.descent.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Several runs side by side. */
@RestController
@RequestMapping("/api/v1/runs")
@Tag(name = "Runs", description = "Compare finished or running jobs")
public class RunController {

    private final RunComparisons comparisons;

    public RunController(RunComparisons comparisons) {
        this.comparisons = comparisons;
    }

    @GetMapping("/compare")
    @Operation(summary = "Compare runs", description = "One metric's curve of each job on a common axis: by=step "
            + "(a per-epoch metric sits at each epoch's last step) or by=epoch (a per-step metric is the mean of the "
            + "epoch's steps); default the metric's own. Lists every spec setting (dotted JSON path, e.g. "
            + "optimizer.learningRate) whose value differs between the jobs, with each job's value.")
    @ApiResponse(responseCode = "200", description = "The comparison", content = @Content(examples = @ExampleObject(
            name = "two learning rates", value = """
                    {"metric":"loss","by":"epoch","runs":[
                      {"jobId":"0b6c2c3e-1f7a-4d0e-9a51-6f1d2b7c9e01","name":"lr 0.1","status":"SUCCEEDED","totalPoints":3,
                       "points":[{"x":1,"value":0.61},{"x":2,"value":0.32},{"x":3,"value":0.25}]},
                      {"jobId":"4f1e9d2a-8c3b-4b6e-b0f4-2a9c7e5d1f33","name":"lr 0.01","status":"SUCCEEDED","totalPoints":3,
                       "points":[{"x":1,"value":0.98},{"x":2,"value":0.71},{"x":3,"value":0.55}]}],
                     "differences":[{"path":"optimizer.learningRate","values":{
                       "0b6c2c3e-1f7a-4d0e-9a51-6f1d2b7c9e01":0.1,"4f1e9d2a-8c3b-4b6e-b0f4-2a9c7e5d1f33":0.01}}]}
                    """)))
    @ApiResponse(responseCode = "404", description = "A job that does not exist",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "No or too many jobs (at most 20), a malformed id, an unknown "
            + "metric, axis or method",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "This server is answering descent.reads.max-concurrent such reads "
            + "already; retry after the Retry-After seconds",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public RunComparison compare(
            @Parameter(description = "Comma-separated job ids (1 to 20)", example = "0b6c2c3e-1f7a-4d0e-9a51-6f1d2b7c9e01,4f1e9d2a-8c3b-4b6e-b0f4-2a9c7e5d1f33")
            @RequestParam String jobs,
            @Parameter(description = "Metric name", example = "loss") @RequestParam(defaultValue = "loss") String metric,
            @Parameter(description = "Align by step or epoch; default the metric's own", example = "epoch")
            @RequestParam(required = false) String by,
            @Parameter(description = "At most this many points per run", example = "500")
            @RequestParam(defaultValue = "1000") @Min(4) @Max(100000) int maxPoints,
            @Parameter(description = "Downsampling: minmax or lttb", example = "lttb")
            @RequestParam(defaultValue = "lttb") String method,
            @Parameter(description = "EMA smoothing weight, 0 (none) to below 1", example = "0")
            @RequestParam(defaultValue = "0") @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) double smoothing,
            Caller caller) {
        CurveMetric curveMetric = CurveParameters.metric("metric", metric);
        return comparisons.compare(CurveParameters.jobIds(jobs), curveMetric, axis(by, curveMetric), maxPoints,
                CurveParameters.method(method), smoothing, caller);
    }

    @GetMapping(path = "/plot.svg", produces = JobWatchController.SVG)
    @Operation(summary = "Plot runs against each other (SVG)", description = "One metric of each job as a line, "
            + "aligned as in compare, with axes, ticks, a legend (the job names) and a title; log=true for a log-scale "
            + "y axis.")
    @ApiResponse(responseCode = "200", description = "An SVG document", content = @Content(mediaType = JobWatchController.SVG,
            examples = @ExampleObject(name = "svg", value = "<svg xmlns=\"http://www.w3.org/2000/svg\" …>…</svg>")))
    @ApiResponse(responseCode = "404", description = "A job that does not exist",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "No or too many jobs, an unknown metric or axis",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "This server is answering descent.reads.max-concurrent such reads "
            + "already; retry after the Retry-After seconds",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<String> plot(
            @Parameter(description = "Comma-separated job ids (1 to 20)", example = "0b6c2c3e-1f7a-4d0e-9a51-6f1d2b7c9e01,4f1e9d2a-8c3b-4b6e-b0f4-2a9c7e5d1f33")
            @RequestParam String jobs,
            @Parameter(description = "Metric name", example = "validation_accuracy")
            @RequestParam(defaultValue = "loss") String metric,
            @Parameter(description = "Align by step or epoch; default the metric's own", example = "epoch")
            @RequestParam(required = false) String by,
            @Parameter(description = "Log-scale y axis", example = "false") @RequestParam(defaultValue = "false") boolean log,
            @Parameter(description = "EMA smoothing weight, 0 (none) to below 1", example = "0")
            @RequestParam(defaultValue = "0") @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) double smoothing,
            Caller caller) {
        CurveMetric curveMetric = CurveParameters.metric("metric", metric);
        RunComparison comparison = comparisons.compare(CurveParameters.jobIds(jobs), curveMetric, axis(by, curveMetric),
                1000, DownsampleMethod.LTTB, smoothing, caller);
        List<PlotSeries> series = comparison.runs().stream().map(run -> new PlotSeries(
                run.name() != null ? run.name() : run.jobId().toString().substring(0, 8), run.points())).toList();
        return JobWatchController.svg(SvgPlot.render(curveMetric.id() + " by " + comparison.by(), comparison.by(),
                curveMetric.id(), series, log));
    }

    private static CurveAxis axis(String by, CurveMetric metric) {
        CurveAxis axis = CurveParameters.axis(by);
        return axis != null ? axis : metric.isPerStep() ? CurveAxis.STEP : CurveAxis.EPOCH;
    }
}
