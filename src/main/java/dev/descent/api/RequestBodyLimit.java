package dev.descent.api;

import dev.descent.dataset.DatasetLimits;
import dev.descent.error.PayloadTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a request body over {@code descent.api.max-request-bytes} (413) without reading it: at once when its
 * Content-Length says so, otherwise (chunked) as soon as reading passes the limit. Multipart uploads may carry
 * {@code descent.datasets.max-upload-bytes} more; the servlet container parses their parts itself, bounding each
 * by the upload limit, so only their Content-Length is checked here.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // before any filter that reads the body (FormContentFilter for PUT forms)
@EnableConfigurationProperties({ApiLimits.class, DatasetLimits.class}) // also in the web slice tests
class RequestBodyLimit extends OncePerRequestFilter {

    private final long maxRequestBytes;
    private final long maxUploadBytes;
    private final HandlerExceptionResolver problems;

    RequestBodyLimit(ApiLimits api, DatasetLimits datasets,
                     @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.maxRequestBytes = api.maxRequestBytes();
        this.maxUploadBytes = datasets.maxUploadBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean upload = StringUtils.startsWithIgnoreCase(request.getContentType(), "multipart/");
        long limit = upload ? maxUploadBytes + maxRequestBytes : maxRequestBytes;
        long declared = request.getContentLengthLong();
        try {
            if (declared > limit) {
                throw new PayloadTooLargeException("the request body has " + declared + " bytes, more than the limit "
                        + "of " + limit + " (" + (upload ? "descent.datasets.max-upload-bytes + " : "")
                        + "descent.api.max-request-bytes)");
            }
            chain.doFilter(upload ? request : new LimitedRequest(request, limit), response);
        } catch (PayloadTooLargeException e) {
            // answered like the controllers' errors; the rest of the body is never read, so the connection
            // cannot carry another request
            response.setHeader(HttpHeaders.CONNECTION, "close");
            if (problems.resolveException(request, response, null, e) == null) {
                throw e;
            }
        }
    }

    /** A request whose body stream fails once more than {@code limit} bytes have been read. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream body;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (body == null) {
                body = new LimitedStream(super.getInputStream(), limit);
            }
            return body;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.ISO_8859_1;
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        LimitedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new PayloadTooLargeException("the request body is larger than the limit of " + limit
                        + " bytes (descent.api.max-request-bytes)");
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
