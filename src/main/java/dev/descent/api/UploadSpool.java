package dev.descent.api;

import dev.descent.store.StaleFiles;
import dev.descent.store.StoreProperties;
import jakarta.servlet.MultipartConfigElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where Tomcat spools upload parts: {@code spring.servlet.multipart.location} (by default {@code multipart} under the
 * data directory), made absolute, because Tomcat reads a relative one against a temporary directory of its own that
 * is new at every start, and created, because Tomcat will not spool into a missing one. Parts that a killed server
 * left there are removed at start-up, once older than {@code descent.store.leftover-age}.
 */
@Configuration(proxyBeanMethods = false)
class UploadSpool {

    private static final Logger log = LoggerFactory.getLogger(UploadSpool.class);
    /** Tomcat's name for a part it spools to disk ({@code DiskFileItem}): only these are removed. */
    private static final Pattern UPLOAD_PART = Pattern.compile("upload_[^/]*\\.tmp");

    @Bean
    MultipartConfigElement multipartConfigElement(MultipartProperties multipart, StoreProperties store, Clock clock) {
        MultipartConfigElement config = multipart.createMultipartConfig();
        if (config.getLocation().isEmpty()) {
            return config;
        }
        Path dir = Path.of(config.getLocation()).toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> removed = StaleFiles.remove(dir, UPLOAD_PART.asMatchPredicate(),
                clock.instant().minus(store.leftoverAge()));
        if (!removed.isEmpty()) {
            log.info("removed {} upload parts left in {} by an earlier run", removed.size(), dir);
        }
        return new MultipartConfigElement(dir.toString(), config.getMaxFileSize(), config.getMaxRequestSize(),
                config.getFileSizeThreshold());
    }
}
