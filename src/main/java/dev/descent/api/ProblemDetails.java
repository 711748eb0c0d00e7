package dev.descent.api;

import dev.descent.dataset.CsvFormatException;
import dev.descent.error.ConflictException;
import dev.descent.error.ForbiddenException;
import dev.descent.error.InUseException;
import dev.descent.error.InvalidFieldException;
import dev.descent.error.InvalidParameterException;
import dev.descent.error.NotFoundException;
import dev.descent.error.PayloadTooLargeException;
import dev.descent.error.QueueFullException;
import dev.descent.error.ReadsBusyException;
import dev.descent.error.RetryLaterException;
import dev.descent.error.TooManyStreamsException;
import dev.descent.error.TooManyUploadsException;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Every error as an RFC 9457 problem detail. {@code field} names the offending request field by its JSON path;
 * {@code errors} lists every invalid field when there are several.
 */
@RestControllerAdvice
public class ProblemDetails extends ResponseEntityExceptionHandler {

    private static final String TYPE_BASE = "https://descent.dev/problems/";
    private static final Logger log = LoggerFactory.getLogger(ProblemDetails.class);

    private final long maxUploadBytes;

    public ProblemDetails(@Value("${descent.datasets.max-upload-bytes}") long maxUploadBytes) {
        this.maxUploadBytes = maxUploadBytes;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict with the resource's state", e.getMessage());
    }

    /** As {@link #conflict}, with the dependants that keep the record in use. */
    @ExceptionHandler(InUseException.class)
    ProblemDetail inUse(InUseException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "in-use", "In use by jobs that will still read it",
                e.getMessage());
        problem.setProperty("dependants", e.dependants());
        problem.setProperty("dependantCount", e.count());
        return problem;
    }

    @ExceptionHandler(InvalidFieldException.class)
    ProblemDetail invalidField(InvalidFieldException e) {
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-field", "Invalid field", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameter(InvalidParameterException e) {
        return invalidFields("invalid-parameter", "Invalid parameter",
                List.of(Map.of("field", e.field(), "reason", e.reason())));
    }

    @ExceptionHandler(CsvFormatException.class)
    ProblemDetail csv(CsvFormatException e) {
        String where = e.line() > 0 ? "line " + e.line() + (e.column() > 0 ? ", column " + e.column() : "") + ": " : "";
        ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-csv", "The CSV cannot be used",
                where + e.getMessage());
        problem.setProperty("field", "file");
        problem.setProperty("line", e.line());
        problem.setProperty("column", e.column());
        return problem;
    }

    @ExceptionHandler(QueueFullException.class)
    ResponseEntity<ProblemDetail> queueFull(QueueFullException e) {
        return retryLater(e, "queue-full", "Too many queued jobs");
    }

    @ExceptionHandler(ReadsBusyException.class)
    ResponseEntity<ProblemDetail> readsBusy(ReadsBusyException e) {
        return retryLater(e, "reads-busy", "Too many heavy reads at once");
    }

    private static ResponseEntity<ProblemDetail> retryLater(RetryLaterException e, String type, String title) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, type, title, e.getMessage()));
    }

    @ExceptionHandler(TooManyUploadsException.class)
    ResponseEntity<ProblemDetail> tooManyUploads(TooManyUploadsException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, UploadAdmission.RETRY_AFTER_SECONDS)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "too-many-uploads", "Too many uploads at once",
                        e.getMessage()));
    }

    @ExceptionHandler(TooManyStreamsException.class)
    ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException e) {
        HttpStatus status = e.userShare() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(status, "too-many-streams", "Too many open event streams", e.getMessage()));
    }

    /**
     * The database cannot be reached, gave no connection in time, or refused a change that conflicted with a
     * concurrent one: worth retrying, and nothing about the request is wrong.
     */
    @ExceptionHandler({CannotCreateTransactionException.class, DataAccessResourceFailureException.class,
            TransientDataAccessException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        log.warn("database unavailable: {}", NestedExceptionUtils.getMostSpecificCause(e).toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                        "the database could not serve this request now (unreachable, no connection in time, or a "
                                + "conflicting concurrent change); retry after 5 s"));
    }

    /**
     * Anything else is the server's fault: logged for the operator, answered without internals. Once a response has
     * begun (an export whose client left or stopped reading past the write timeout) nothing more can be said.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> internal(Exception e, HttpServletResponse response) {
        if (response.isCommitted()) {
            if (DisconnectedClientHelper.isClientDisconnectedException(e)
                    || NestedExceptionUtils.getRootCause(e) instanceof java.io.IOException) {
                log.debug("client gone while its response was written: {}", e.toString());
            } else {
                log.warn("response cut short by an error", e);
            }
            return null;
        }
        log.error("unexpected error answering a request", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(internalError());
    }

    static ProblemDetail internalError() {
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "the server failed to answer this request; the failure is in its log");
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ProblemDetail tooLarge(PayloadTooLargeException e) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request too large", e.getMessage());
    }

    /** A multipart body that cannot be parsed (uploads over the size limit are answered 413 above). */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail unreadableUpload(MultipartException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unreadable-request", "Unreadable request",
                "the multipart body cannot be read: " + NestedExceptionUtils.getMostSpecificCause(e).getMessage());
        problem.setProperty("field", "file");
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String allowed = type != null && type.isEnum() ? ", allowed: " + Arrays.toString(type.getEnumConstants()) : "";
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-parameter", "Invalid parameter",
                e.getName() + ": '" + e.getValue() + "' is not a valid " + (type != null ? type.getSimpleName() : "value")
                        + allowed);
        problem.setProperty("field", e.getName());
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(problem(HttpStatus.CONTENT_TOO_LARGE,
                "too-large", "Request too large", "the upload is larger than the limit of "
                        + maxUploadBytes + " bytes (descent.datasets.max-upload-bytes)"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getAllErrors().stream()
                .map(error -> Map.of("field", error instanceof FieldError f ? f.getField() : error.getObjectName(),
                        "reason", describe(error)))
                .sorted(java.util.Comparator.comparing(m -> m.get("field")))
                .toList();
        return ResponseEntity.badRequest().body(invalidFields("invalid-request", "Invalid request", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream().map(error -> Map.of(
                        "field", result.getMethodParameter().getParameterName() == null ? "parameter"
                                : result.getMethodParameter().getParameterName(),
                        "reason", String.valueOf(error.getDefaultMessage()))))
                .toList();
        return ResponseEntity.badRequest().body(invalidFields("invalid-parameter", "Invalid parameter", errors));
    }

    /** A 400 listing every invalid field; {@code field} names the first. */
    private static ProblemDetail invalidFields(String type, String title, List<Map<String, String>> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, type, title,
                errors.stream().map(m -> m.get("field") + " " + m.get("reason")).collect(Collectors.joining("; ")));
        problem.setProperty("field", errors.isEmpty() ? null : errors.get(0).get("field"));
        problem.setProperty("errors", errors);
        return problem;
    }

    /** Malformed JSON, wrong types, unknown fields and unknown {@code type}s, named by their JSON path. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        if (NestedExceptionUtils.getMostSpecificCause(e) instanceof PayloadTooLargeException tooLarge) {
            // the body passed descent.api.max-request-bytes while the JSON parser was reading it
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
        }
        String field = null;
        String reason = "the request body is not valid JSON";
        if (e.getCause() instanceof JacksonException jackson) {
            field = path(jackson);
            reason = reason(jackson);
            if (jackson instanceof InvalidTypeIdException) {
                field = field == null ? "type" : field + ".type";
            }
        }
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unreadable-request", "Unreadable request",
                field != null ? field + ": " + reason : reason);
        problem.setProperty("field", field);
        return ResponseEntity.badRequest().body(problem);
    }

    private static String reason(JacksonException e) {
        if (e instanceof InvalidTypeIdException typeId) {
            Class<?> family = typeId.getBaseType() == null ? null : typeId.getBaseType().getRawClass();
            String allowed = family == null || !SpecTypes.isFamily(family) ? ""
                    : ", allowed: " + SpecTypes.of(family).stream().map(SpecTypes.Type::name).toList();
            return typeId.getTypeId() == null ? "missing 'type'" + allowed
                    : "unknown type '" + typeId.getTypeId() + "'" + allowed;
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "', known: " + unknown.getKnownPropertyIds();
        }
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return e.getCause().getMessage();
        }
        if (e.getCause() instanceof IllegalArgumentException illegal) {
            return illegal.getMessage();
        }
        String message = e.getOriginalMessage();
        return message == null ? "invalid value" : message.lines().findFirst().orElse(message);
    }

    /**
     * "model.hiddenLayers[0].units" from Jackson's reference chain, or for JSON that does not parse (a NaN token, a
     * number too long, nesting too deep) from where the parser stood; null at the top level.
     */
    private static String path(JacksonException e) {
        List<String> segments = new ArrayList<>();
        if (e instanceof StreamReadException unparsable && unparsable.processor() != null) {
            for (TokenStreamContext at = unparsable.processor().streamReadContext(); at != null && !at.inRoot();
                 at = at.getParent()) {
                segments.add(0, at.inArray() ? "[" + Math.max(at.getCurrentIndex(), 0) + "]" : at.currentName());
            }
        } else {
            for (JacksonException.Reference ref : e.getPath()) {
                segments.add(ref.getPropertyName() != null ? ref.getPropertyName()
                        : ref.getIndex() >= 0 ? "[" + ref.getIndex() + "]" : null);
            }
        }
        segments.removeIf(Objects::isNull);
        return segments.isEmpty() ? null : String.join(".", segments).replace(".[", "[");
    }

    private static String describe(org.springframework.validation.ObjectError error) {
        String message = error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
        if (error instanceof FieldError f && f.getRejectedValue() != null && !(f.getRejectedValue() instanceof Iterable)) {
            return message + ", was " + f.getRejectedValue();
        }
        return message;
    }

    static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
