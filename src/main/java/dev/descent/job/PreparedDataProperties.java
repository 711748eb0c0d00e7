package dev.descent.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * The data prepared for finished jobs that is kept for the next job on the same dataset and preparation
 * ({@link PreparedDataCache}): at most {@code maxBytes} of arrays (off-heap), each freed once no job has taken it for
 * {@code idleTimeout}. 0 bytes keeps nothing.
 */
@ConfigurationProperties("descent.prepared-data")
public record PreparedDataProperties(
        @DefaultValue("64MB") DataSize maxBytes,
        @DefaultValue("2m") Duration idleTimeout) {
}
