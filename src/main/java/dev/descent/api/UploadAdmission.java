package dev.descent.api;

import dev.descent.dataset.DatasetLimits;
import dev.descent.error.TooManyUploadsException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.concurrent.Semaphore;

/**
 * Admits at most {@code descent.datasets.max-concurrent-uploads} uploads at once; one more is answered 429 at once.
 * Each upload's parse takes memory in proportion to its dataset, so this bounds what uploads can take together.
 * The slot is taken before the body is read (multipart requests are resolved lazily, when the controller's
 * arguments are bound) and given back once the request is answered, its multipart temporary files deleted.
 */
@Component
@EnableConfigurationProperties(DatasetLimits.class)
class UploadAdmission implements HandlerInterceptor, WebMvcConfigurer {

    static final String RETRY_AFTER_SECONDS = "5";
    private static final String ADMITTED = UploadAdmission.class.getName() + ".admitted";

    private final Semaphore slots;
    private final int maxConcurrentUploads;

    UploadAdmission(DatasetLimits limits) {
        this.maxConcurrentUploads = limits.maxConcurrentUploads();
        this.slots = new Semaphore(maxConcurrentUploads);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(DatasetController.PATH);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        // one atomic step: of any number of concurrent requests, exactly the free slots' worth get in
        if (!slots.tryAcquire()) {
            // the body is never read, so the connection cannot carry another request
            response.setHeader(HttpHeaders.CONNECTION, "close");
            throw new TooManyUploadsException(maxConcurrentUploads + " uploads are being received at once, the most "
                    + "this server takes (descent.datasets.max-concurrent-uploads); retry in " + RETRY_AFTER_SECONDS
                    + " s");
        }
        request.setAttribute(ADMITTED, Boolean.TRUE);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception failure) {
        if (request.getAttribute(ADMITTED) != null) {
            request.removeAttribute(ADMITTED);
            slots.release();
        }
    }
}
