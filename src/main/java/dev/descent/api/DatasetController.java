package dev.descent.api;

import dev.descent.dataset.DatasetInfo;
import dev.descent.dataset.DatasetService;
import dev.descent.dataset.Task;
import dev.descent.error.InvalidFieldException;
import dev.descent.model.Shape;
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
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

@RestController
@RequestMapping(DatasetController.PATH)
@Tag(name = "Datasets", description = "Built-in datasets, synthetic generators and CSV uploads")
public class DatasetController {

    static final String PATH = "/api/v1/datasets";

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
    @Operation(summary = "Upload a CSV dataset", description = "RFC 4180: a header row of unique names, then one "
            + "example per record; quoted cells may hold commas, line breaks and doubled quotes. Every column but the "
            + "label holds numbers (optional sign, digits, optional decimal point and exponent; no spaces around "
            + "cells, no NaN or Infinity). The label may hold numbers or class names. The task is inferred when not "
            + "stated: numbers are regression unless they are integers with at most 20 distinct values; text is "
            + "classification; a mix of numbers and text is refused. Refusals name the line and column.")
    @ApiResponse(responseCode = "201", description = "Stored")
    @ApiResponse(responseCode = "413", description = "Over the upload size limit",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "422", description = "The CSV cannot become a dataset (the problem names line and column)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "429", description = "As many uploads as the server takes at once are in progress "
            + "(Retry-After)",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    public ResponseEntity<DatasetInfo> upload(
            @Parameter(description = "The CSV file") @RequestPart("file") MultipartFile file,
            @Parameter(description = "Header name of the label column", example = "species")
            @RequestParam @Size(max = 200) String labelColumn,
            @Parameter(description = "A name for people; the file name when omitted") @RequestParam(required = false) String name,
            @Parameter(description = "classification or regression; inferred when omitted",
                    schema = @Schema(allowableValues = {"classification", "regression"}))
            @RequestParam(required = false) String task,
            @Parameter(description = "For images: channels, height and width, comma-separated, whose product is the "
                    + "number of feature columns; the rows hold each image's pixels channel by channel, row by row "
                    + "(PyTorch's order). Omitted, a model sees rows of features.", example = "1,28,28")
            @RequestParam(required = false) @Size(max = 64) String inputShape,
            Caller caller) throws IOException {
        Task stated = task == null ? null : parseTask(task);
        Shape shape = inputShape == null ? null : parseImageShape(inputShape);
        DatasetInfo info;
        // the part is a file on disk (the container writes it there as it arrives): parsed as a stream from it
        try (InputStream content = file.getInputStream()) {
            info = datasets.upload(displayName(name, file.getOriginalFilename()), labelColumn, stated, shape,
                    content, file.getSize(), caller);
        }
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(info.id()).toUri()).body(info);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete an uploaded dataset", description = "Built-in datasets cannot be deleted.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "A built-in dataset, or an upload jobs will still train on "
            + "(queued, running, or cancelled with a checkpoint; listed in dependants)",
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

    /** "channels,height,width" of positive sizes (brackets and spaces allowed, as in [1, 28, 28]). */
    private static Shape parseImageShape(String text) {
        String[] sizes = text.replaceAll("[\\[\\]\\s]", "").split(",", -1);
        try {
            if (sizes.length == 3) {
                int[] dims = Arrays.stream(sizes).mapToInt(Integer::parseInt).toArray();
                if (Arrays.stream(dims).allMatch(size -> size > 0)) {
                    return Shape.image(dims[0], dims[1], dims[2]);
                }
            }
        } catch (NumberFormatException | ArithmeticException notSizes) {
            // answered below
        }
        throw new InvalidFieldException("inputShape", "must be an image's channels, height and width, three positive "
                + "integers separated by commas (1,28,28), was '" + text + "'");
    }
}
