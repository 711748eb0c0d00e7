package dev.descent.api;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The page the servlet container forwards an error to that no controller answered (a filter's failure, a
 * {@code sendError}), as a problem detail instead of Spring Boot's own JSON. Asked for directly, {@code /error} is a
 * path like any unknown one: 404.
 */
@Hidden
@RestController
class ErrorProblems implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        ProblemDetail problem;
        if (status == null) {
            problem = ProblemDetails.problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "no resource at /error");
        } else if (status.is5xxServerError()) {
            problem = ProblemDetails.internalError();
            problem.setStatus(status.value());
            problem.setTitle(status.getReasonPhrase());
        } else {
            problem = ProblemDetail.forStatus(status);
            problem.setDetail("the request was refused: " + status.getReasonPhrase());
        }
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
