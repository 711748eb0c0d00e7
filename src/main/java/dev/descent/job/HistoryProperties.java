package dev.descent.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How a running job's metrics are written: steps are buffered and written in batches of {@code stepFlushSize},
 * and at least every {@code flushInterval} so that live curves stay current.
 */
@ConfigurationProperties("descent.history")
public record HistoryProperties(@DefaultValue("1000") int stepFlushSize, @DefaultValue("1s") Duration flushInterval) {
}
