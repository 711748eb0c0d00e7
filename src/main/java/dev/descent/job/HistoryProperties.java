package dev.descent.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How a running job's metrics are written: steps are buffered and written in batches of this size. */
@ConfigurationProperties("descent.history")
public record HistoryProperties(@DefaultValue("1000") int stepFlushSize) {
}
