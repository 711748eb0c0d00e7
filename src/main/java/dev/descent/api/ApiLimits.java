package dev.descent.api;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on what one HTTP request may send. {@code maxRequestBytes} caps a request body (JSON specs, prediction
 * rows); a CSV upload may be {@code descent.datasets.max-upload-bytes} larger.
 */
@ConfigurationProperties("descent.api")
public record ApiLimits(@DefaultValue("1048576") long maxRequestBytes) {
}
