package dev.descent.api;

import dev.descent.dataset.DatasetInfo;
import dev.descent.scoring.RowScores;
import dev.descent.scoring.Scoring;
import dev.descent.scoring.ScoringRequest;
import dev.descent.scoring.ScoringService;
import dev.descent.scoring.SubsetRequest;
import dev.descent.security.Caller;
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
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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
@RequestMapping("/api/v1")
@Tag(name = "Scores", description = "Which examples matter: per-example EL2N and GraNd scores of a dataset's rows")
public class ScoringController {

    private static final String EXAMPLE = """
            {"method": "el2n", "model": {"hiddenLayers": [{"units": 64}]},
             "optimizer": {"type": "adam", "learningRate": 0.003}, "epochs": 3, "initializations": 4}""";

    private final ScoringService scorings;

    public ScoringController(ScoringService scorings) {
        this.scorings = scorings;
    }

    @PostMapping("/datasets/{id}/scores")
    @Operation(summary = "Score every row of a dataset", description = "Queues `initializations` ordinary jobs "
            + "that train the model for `epochs` on all the dataset's rows (seeds seed, seed + 1, …), then scores "
            + "each row under each trained model and averages: el2n ‖softmax(f(x)) − onehot(y)‖₂ or grand "
            + "‖∇θ loss(x, y)‖₂ (Paul, Ganguli, Dziugaite 2021). The model and optimizer are validated as a job's. "
            + "Answers 202 with the scoring and its Location.")
    @ApiResponse(responseCode = "202", description = "Queued")
    @ApiResponse(responseCode = "422", description = "A model, optimizer or setting a job would refuse, too many "
            + "initializations, el2n on a regression dataset, or grand with batch-norm",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "The caller's running scorings, or the job queue, are full",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<ScoringResponse> submit(@PathVariable String id,
                                                  @io.swagger.v3.oas.annotations.parameters.RequestBody(content =
                                                  @Content(examples = @ExampleObject(name = "digits", value = EXAMPLE)))
                                                  @Valid @RequestBody ScoringRequest request, Caller caller) {
        Scoring scoring = scorings.submit(id, request, caller);
        return ResponseEntity.accepted()
                .location(ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/v1/scores/{id}")
                        .buildAndExpand(scoring.getId()).toUri())
                .body(response(scoring));
    }

    @PostMapping("/datasets/{id}/subsets")
    @Operation(summary = "A new dataset from scores", description = "Keeps the hardest (highest scores), the "
            + "easiest or a seeded random fraction of the dataset's rows, in their order, as a new dataset of the "
            + "caller's (rows of features, as an upload; the upload quota applies). Its description names the "
            + "scores and the rule.")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "422", description = "The scoring is not of this dataset or has not succeeded, or "
            + "the caller's uploads are at their limit",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<DatasetInfo> subset(@PathVariable String id, @Valid @RequestBody SubsetRequest request,
                                              Caller caller) {
        DatasetInfo subset = scorings.subset(id, request, caller);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/v1/datasets/{id}").buildAndExpand(subset.id()).toUri()).body(subset);
    }

    @GetMapping("/scores/{id}")
    @Operation(summary = "A scoring", description = "Its status, progress, runs and request.")
    @ApiResponse(responseCode = "404", description = "No such scoring",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ScoringResponse get(@PathVariable UUID id, Caller caller) {
        return response(scorings.get(id, caller));
    }

    @PostMapping("/scores/{id}/cancel")
    @Operation(summary = "Cancel a scoring", description = "Its runs still queued or running are cancelled.")
    @ApiResponse(responseCode = "409", description = "It has already finished",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ScoringResponse cancel(@PathVariable UUID id, Caller caller) {
        return response(scorings.cancel(id, caller));
    }

    @DeleteMapping("/scores/{id}")
    @Operation(summary = "Delete a finished scoring", description = "Removes it, its scores and its runs' jobs.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "It is running (cancel it first), or a run is still stopping",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<Void> delete(@PathVariable UUID id, Caller caller) {
        scorings.delete(id, caller);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/scores/{id}/rows")
    @Operation(summary = "Every row's score and rank, a page at a time", description = "Rank 1 is the highest "
            + "score (the hardest row); ties are ranked by row. Rows are numbered from 0 in the dataset's order.")
    @ApiResponse(responseCode = "409", description = "The scoring has not succeeded",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public PageResponse<RowScores.RowScore> rows(
            @PathVariable UUID id,
            @Parameter(description = "Page number, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(10_000_000) int page,
            @Parameter(description = "Rows per page") @RequestParam(defaultValue = "100") @Min(1) @Max(10_000) int size,
            @Parameter(description = "rank (hardest first) or row (the dataset's order)")
            @RequestParam(defaultValue = "rank") @Pattern(regexp = "rank|row", message = "must be rank or row")
            String order, Caller caller) {
        RowScores scores = scorings.scores(id, caller);
        long from = (long) page * size;
        int start = (int) Math.min(from, scores.rows());
        return new PageResponse<>(scores.slice(start, (int) Math.min(from + size, scores.rows()), order.equals("row")),
                page, size, scores.rows(), (scores.rows() + size - 1) / size);
    }

    @GetMapping(value = "/scores/{id}/scores.csv", produces = "text/csv")
    @Operation(summary = "Every row's score as CSV", description = "Columns row, score, rank; in the dataset's order.")
    public ResponseEntity<String> csv(@PathVariable UUID id, Caller caller) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"scores-" + id + ".csv\"")
                .body(scorings.scores(id, caller).csv());
    }

    @GetMapping(value = "/scores/{id}/histogram.svg", produces = JobWatchController.SVG)
    @Operation(summary = "The scores' histogram", description = "Rows per score interval, as an SVG chart.")
    public ResponseEntity<String> histogram(
            @PathVariable UUID id,
            @Parameter(description = "Intervals of equal width") @RequestParam(defaultValue = "40") @Min(1) @Max(1000) int bins,
            Caller caller) {
        Scoring scoring = scorings.get(id, caller);
        String title = scoring.getMethod() + " scores of " + scoring.getDatasetId();
        return JobWatchController.svg(scorings.scores(id, caller).histogramSvg(title, bins));
    }

    private ScoringResponse response(Scoring scoring) {
        return ScoringResponse.of(scoring, scorings.progress(scoring), scorings.request(scoring));
    }
}
