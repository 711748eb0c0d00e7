package dev.descent.api;

import dev.descent.diagnostics.Diagnostic;
import dev.descent.error.InvalidFieldException;
import dev.descent.history.Curve;
import dev.descent.history.CurveAxis;
import dev.descent.history.CurveMetric;
import dev.descent.history.DownsampleMethod;
import dev.descent.history.HeavyReads;
import dev.descent.history.HistoryExport;
import dev.descent.history.HistoryService;
import dev.descent.job.Job;
import dev.descent.job.JobService;
import dev.descent.watch.JobEvents;
import dev.descent.watch.PlotSeries;
import dev.descent.watch.ProgressEvent;
import dev.descent.watch.SvgPlot;
import dev.descent.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Watching one job: its live event stream, its history as a file, and plots of its curves. */
@RestController
@RequestMapping("/api/v1/jobs")
@Tag(name = "Jobs", description = "Submit training jobs, follow them, read their history")
public class JobWatchController {

    static final String SVG = "image/svg+xml";

    private final JobService jobs;
    private final HistoryService history;
    private final HistoryExport export;
    private final JobEvents events;
    private final HeavyReads reads;

    public JobWatchController(JobService jobs, HistoryService history, HistoryExport export, JobEvents events,
                              HeavyReads reads) {
        this.jobs = jobs;
        this.history = history;
        this.export = export;
        this.events = events;
        this.reads = reads;
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Live events of a job (server-sent events)", description = "A `status` event on connecting "
            + "and on every transition; a `progress` event when an epoch ends (kind \"epoch\": its train loss, "
            + "validation metrics, learning rate, samples/s) and, within an epoch, at most once a second (kind "
            + "\"step\": the latest step's loss and learning rate); fraction done and ETA in each; and a final `end` "
            + "event (the finished status) after which the stream closes. Driven from the database, so it works "
            + "whichever server trains the job. Event ids are global steps: reconnecting with Last-Event-ID (or "
            + "`lastEventId`) replays the epochs that ended after it, then goes on live.")
    @ApiResponse(responseCode = "200", description = "The event stream", content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(implementation = ProgressEvent.class),
            examples = @ExampleObject(name = "events", value = """
                    event:status
                    data:{"status":"RUNNING","statusReason":null,"steps":0,"epoch":0,"epochs":10}

                    id:47
                    event:progress
                    data:{"kind":"step","step":47,"epoch":1,"epochs":10,"loss":0.82,"learningRate":0.05,"validationLoss":null,"trainAccuracy":null,"validationAccuracy":null,"samplesPerSecond":20480.0,"fraction":0.1,"etaSeconds":4}

                    id:94
                    event:progress
                    data:{"kind":"epoch","step":94,"epoch":1,"epochs":10,"loss":0.61,"learningRate":0.05,"validationLoss":0.43,"trainAccuracy":0.81,"validationAccuracy":0.88,"samplesPerSecond":21000.0,"fraction":0.1,"etaSeconds":4}

                    id:940
                    event:end
                    data:{"status":"SUCCEEDED","statusReason":null,"steps":940,"epoch":10,"epochs":10}
                    """)))
    @ApiResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "The caller has descent.watch.max-streams-per-user streams open "
            + "on this server; retry after the Retry-After seconds",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", description = "This server has descent.watch.max-streams streams open; retry "
            + "after the Retry-After seconds",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public SseEmitter events(
            @PathVariable UUID id,
            @Parameter(description = "The id of the last event received; set by EventSource when it reconnects")
            @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventIdHeader,
            @Parameter(description = "As Last-Event-ID, for clients that cannot set headers", example = "940")
            @RequestParam(required = false) @Min(0) Long lastEventId,
            Caller caller) {
        return events.open(id, caller, lastEventIdHeader != null ? lastEventIdHeader : lastEventId);
    }

    @GetMapping(path = "/{id}/history/export", produces = {"text/csv", MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "Download the history", description = "Every recorded step (level=step: step, epoch, loss, "
            + "learning_rate, gradient_norm, gradient_l1_norm), epoch (level=epoch: every epoch metric) or diagnostic "
            + "value (level=diagnostic: step, metric, layer (0 for none), epoch, metric_value) as CSV with "
            + "a header row or as a JSON array, written while it is read from the database (histories of millions "
            + "of steps are never held in memory). Column names are the curve metric ids.")
    @ApiResponse(responseCode = "200", description = "The history file", content = {
            @Content(mediaType = "text/csv", examples = @ExampleObject(name = "csv", value = """
                    step,epoch,loss,learning_rate,gradient_norm,gradient_l1_norm
                    1,1,2.3125,0.05,1.91,48.2
                    2,1,2.1054,0.05,1.84,46.9
                    """)),
            @Content(mediaType = "application/json", examples = @ExampleObject(name = "json", value = """
                    [
                    {"step":1,"epoch":1,"loss":2.3125,"learning_rate":0.05,"gradient_norm":1.91,"gradient_l1_norm":48.2}
                    ]
                    """))})
    @ApiResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unknown format or level",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "This server is answering descent.reads.max-concurrent-exports such reads "
            + "already; retry after the Retry-After seconds",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public void export(
            @PathVariable UUID id,
            @Parameter(description = "csv or json", example = "csv") @RequestParam(defaultValue = "csv") String format,
            @Parameter(description = "step, epoch or diagnostic", example = "step") @RequestParam(defaultValue = "step") String level,
            Caller caller, HttpServletResponse response) throws IOException {
        HistoryExport.Format fileFormat = parse(HistoryExport.Format.class, "format", format);
        HistoryExport.Level rows = parse(HistoryExport.Level.class, "level", level);
        jobs.get(id, caller);
        // written on the request's own thread, not as an asynchronous body: Spring interrupts an asynchronous body's
        // thread when it times out, and an interrupt during H2's file I/O closes the database for every user
        try (HeavyReads.Permit permit = reads.admitExport()) {
            String file = id + "-" + level + "s." + format;
            response.setContentType(fileFormat == HistoryExport.Format.CSV ? "text/csv;charset=UTF-8"
                    : MediaType.APPLICATION_JSON_VALUE);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                    ContentDisposition.attachment().filename(file).build().toString());
            export.write(id, rows, fileFormat, response.getOutputStream());
        }
    }

    @GetMapping(path = "/{id}/plot.svg", produces = SVG)
    @Operation(summary = "Plot a job's curves (SVG)", description = "Draws one or more metrics of the job as lines "
            + "(a per-layer diagnostic as one line per layer, sharpness with the edge of stability 2/η) "
            + "with axes, ticks, a legend and a title. With any per-step metric the x axis is the step (per-epoch "
            + "metrics sit at each epoch's last step), otherwise the epoch. log=true draws y on a log scale (values "
            + "≤ 0 left out). Each curve is LTTB-downsampled to maxPoints.")
    @ApiResponse(responseCode = "200", description = "An SVG document", content = @Content(mediaType = SVG,
            examples = @ExampleObject(name = "svg", value = "<svg xmlns=\"http://www.w3.org/2000/svg\" …>…</svg>")))
    @ApiResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "Unknown metric",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "This server is answering descent.reads.max-concurrent such reads "
            + "already; retry after the Retry-After seconds",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<String> plot(
            @PathVariable UUID id,
            @Parameter(description = "Comma-separated metric names (1 to 8)", example = "loss,validation_loss")
            @RequestParam(defaultValue = "loss") String metrics,
            @Parameter(description = "Log-scale y axis", example = "true") @RequestParam(defaultValue = "false") boolean log,
            @Parameter(description = "EMA smoothing weight, 0 (none) to below 1", example = "0")
            @RequestParam(defaultValue = "0") @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) double smoothing,
            @Parameter(description = "Points per curve", example = "1000")
            @RequestParam(defaultValue = "1000") @Min(4) @Max(10000) int maxPoints,
            Caller caller) {
        List<CurveMetric> curves = CurveParameters.metrics("metrics", metrics);
        Job job = jobs.get(id, caller);
        CurveAxis axis = curves.stream().anyMatch(CurveMetric::isPerStep) ? CurveAxis.STEP : CurveAxis.EPOCH;
        List<PlotSeries> series;
        try (HeavyReads.Permit permit = reads.admit()) {
            series = curves.stream().flatMap(metric -> series(id, metric, maxPoints, smoothing, axis).stream())
                    .toList();
        }
        String title = (job.getName() != null ? job.getName() : id.toString()) + ": " + String.join(", ",
                curves.stream().map(CurveMetric::id).toList());
        return svg(SvgPlot.render(title, axis.id(), curves.size() == 1 ? curves.get(0).id() : "value", series, log));
    }

    /**
     * A metric's lines: one, one per layer for a per-layer diagnostic ({@code metric[layer]}), and for sharpness the
     * edge of stability 2/η beside it.
     */
    private List<PlotSeries> series(UUID id, CurveMetric metric, int maxPoints, double smoothing, CurveAxis axis) {
        if (metric.perLayer()) {
            return history.diagnosticLayers(id, metric).stream().map(layer -> new PlotSeries(
                    metric.id() + "[" + layer + "]", history.curve(id, metric, maxPoints, DownsampleMethod.LTTB,
                    smoothing, axis, layer).points())).toList();
        }
        PlotSeries line = new PlotSeries(metric.id(),
                history.curve(id, metric, maxPoints, DownsampleMethod.LTTB, smoothing, axis).points());
        if (metric != CurveMetric.of(Diagnostic.SHARPNESS)) {
            return List.of(line);
        }
        return List.of(line, new PlotSeries("2/η", history.edgeOfStability(id, maxPoints, axis).points()));
    }

    static ResponseEntity<String> svg(String document) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(SVG)).body(document);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "unknown " + field + " '" + value + "', allowed: "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
