package dev.descent.api;

import dev.descent.dataset.DatasetInfo;
import dev.descent.dataset.DatasetService;
import dev.descent.dataset.Task;
import dev.descent.error.InvalidFieldException;
import dev.descent.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

@RestController
@RequestMapping("/api/v1/datasets")
@Tag(name = "Datasets", description = "Built-in datasets, synthetic generators and CSV uploads")
public class DatasetController {

    /** A preview boxes every value it shows: a very wide upload previews fewer rows. */
    static final int MAX_PREVIEW_VALUES = 1_000_000;

    private final DatasetService datasets;

    public DatasetController(DatasetService datasets) {
        this.datasets = datasets;
    }

    @GetMapping
    @Operation(summary = "List datasets", description = "Built-ins (shipped and synthetic) first, then uploads, each with "
            + "its rows, features, task and class names. Synthetic datasets show their default size.")
    public List<DatasetInfo> list(Caller caller) {
        return datasets.list(caller);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A dataset")
    @ApiResponse(responseCode = "404", description = "No such dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public DatasetInfo get(@Parameter(example = "iris") @PathVariable String id, Caller caller) {
        return datasets.info(id, caller);
    }

    @GetMapping("/{id}/preview")
    @Operation(summary = "The first rows of a dataset", description = "Feature values as stored (before any "
            + "scaling), the label last (class name for classification).")
    public DatasetPreview preview(@Parameter(example = "iris") @PathVariable String id,
                                  @Parameter(description = "How many rows") @RequestParam(defaultValue = "10")
                                  @Min(1) @Max(1000) int rows, Caller caller) {
        DatasetInfo info = datasets.info(id, caller);
        if ((long) rows * (info.features() + 1) > MAX_PREVIEW_VALUES) {
            throw new InvalidFieldException("rows", "a preview holds at most " + MAX_PREVIEW_VALUES + " values: this "
                    + "dataset's " + (info.features() + 1) + " columns allow " + MAX_PREVIEW_VALUES / (info.features() + 1)
                    + " rows, not " + rows);
        }
        return DatasetPreview.of(datasets.load(id, null), rows);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a CSV dataset", description = "A header row, then one example per line; every "
            + "column but the label must be numeric, with no empty or NaN cells. The label may hold numbers or class "
            + "names. The task is inferred when not stated: non-numeric labels, or integers with at most 20 distinct "
            + "values, mean classification. Refusals name the line and column.")
    @ApiResponse(responseCode = "201", description = "Stored")
    @ApiResponse(responseCode = "413", description = "Over the upload size limit",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The CSV cannot become a dataset (the problem names line and column)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<DatasetInfo> upload(
            @Parameter(description = "The CSV file") @RequestPart("file") MultipartFile file,
            @Parameter(description = "Header name of the label column", example = "species")
            @RequestParam @Size(max = 200) String labelColumn,
            @Parameter(description = "A name for people; the file name when omitted") @RequestParam(required = false) String name,
            @Parameter(description = "classification or regression; inferred when omitted",
                    schema = @Schema(allowableValues = {"classification", "regression"}))
            @RequestParam(required = false) String task,
            Caller caller) throws IOException {
        Task stated = task == null ? null : parseTask(task);
        DatasetInfo info = datasets.upload(displayName(name, file.getOriginalFilename()), labelColumn, stated,
                file.getBytes(), caller);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(info.id()).toUri()).body(info);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete an uploaded dataset", description = "Built-in datasets cannot be deleted.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "A built-in dataset",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<Void> delete(@PathVariable String id, Caller caller) {
        datasets.delete(id, caller);
        return ResponseEntity.noContent().build();
    }

    /**
     * The given name, else the file's, for people: without control characters (NUL cannot be stored in PostgreSQL
     * text, escapes garble terminals) and at most 200 characters.
     */
    private static String displayName(String... candidates) {
        for (String candidate : candidates) {
            String printable = candidate == null ? "" : candidate.replaceAll("\\p{Cntrl}", "").strip();
            if (!printable.isEmpty()) {
                return printable.length() > 200 ? printable.substring(0, 200) : printable;
            }
        }
        return "upload";
    }

    private static Task parseTask(String task) {
        try {
            return Task.valueOf(task.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("task", "must be classification or regression, was '" + task + "'");
        }
    }
}
