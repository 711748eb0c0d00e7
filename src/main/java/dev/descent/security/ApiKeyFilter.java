package dev.descent.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Finds who each request acts for. In secured mode a request needs a valid key ({@code Authorization: Bearer …} or
 * {@code X-API-Key: …}) or gets 401, except for the dashboard's files, the API docs and the actuator endpoints
 * (probes, metrics). In open mode every request acts as {@link Caller#LOCAL}.
 */
@Component
@EnableConfigurationProperties(SecurityProperties.class) // also in web slices, which scan no properties
public class ApiKeyFilter extends OncePerRequestFilter {

    static final String CALLER = ApiKeyFilter.class.getName() + ".caller";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final String BEARER = "Bearer ";
    /** What a browser or a probe fetches without a key: the dashboard, the API docs, actuator endpoints. */
    private static final List<String> PUBLIC_PATHS = List.of("/", "/index.html", "/app.js", "/style.css",
            "/favicon.ico", "/error");
    private static final List<String> PUBLIC_PREFIXES = List.of("/swagger-ui", "/v3/api-docs", "/actuator/");

    private final SecurityProperties properties;
    private final ApiKeyService keys;
    private final JsonMapper json;

    public ApiKeyFilter(SecurityProperties properties, ApiKeyService keys, JsonMapper json) {
        this.properties = properties;
        this.keys = keys;
        this.json = json;
    }

    @EventListener(ApplicationReadyEvent.class)
    void announceMode() {
        if (properties.mode() == SecurityMode.OPEN) {
            log.warn("security mode OPEN: no API keys are asked for and every request acts as the local admin. "
                    + "Fine on your own machine; a shared server needs descent.security.mode=secured");
        } else {
            log.info("security mode SECURED: API requests need a key{}", properties.hasAdminKey() ? ""
                    : " (no bootstrap key in descent.security.admin-key: only stored admin keys can issue more)");
        }
    }

    /** Secure by default: whatever is not listed public needs a key, including paths that match nothing. */
    private static boolean isPublic(HttpServletRequest request) {
        String path = path(request);
        return PUBLIC_PATHS.contains(path) || PUBLIC_PREFIXES.stream().anyMatch(path::startsWith);
    }

    /**
     * The servlet path: the container's decoded, normalised path, so "/actuator/../api/" cannot pass as public. It is
     * empty only where no container maps the request (MockMvc), and the URI then stands for it.
     */
    private static String path(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.isEmpty() ? request.getRequestURI().substring(request.getContextPath().length()) : path;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (properties.mode() == SecurityMode.OPEN) {
            request.setAttribute(CALLER, Caller.LOCAL);
            chain.doFilter(request, response);
            return;
        }
        if (isPublic(request)) {
            chain.doFilter(request, response);
            return;
        }
        String key = presentedKey(request);
        if (key == null) {
            unauthorized(response, "this server needs an API key: send it as 'Authorization: Bearer <key>' or "
                    + "'X-API-Key: <key>'");
            return;
        }
        var caller = keys.authenticate(key);
        if (caller.isEmpty()) {
            unauthorized(response, "the API key is unknown or revoked");
            return;
        }
        request.setAttribute(CALLER, caller.get());
        chain.doFilter(request, response);
    }

    private static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return blankToNull(authorization.substring(BEARER.length()).strip());
        }
        return blankToNull(request.getHeader("X-API-Key"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private void unauthorized(HttpServletResponse response, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, detail);
        problem.setType(URI.create("https://descent.dev/problems/unauthorized"));
        problem.setTitle("Unauthorized");
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"descent\"");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
