package dev.descent.history;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Heavy reads (curves, comparisons, plots, history exports) and what they may take: at most {@code maxConcurrent}
 * curve-like reads and {@code maxConcurrentExports} exports at once on this server, each on a connection of their own
 * pool (so they never take one training needs); a read that finds no room within {@code admissionWait} is answered
 * 429 with Retry-After {@code retryAfter}. Rows come from the database {@code fetchRows} at a time.
 */
@ConfigurationProperties("descent.reads")
public record ReadProperties(@DefaultValue("4") int maxConcurrent,
                             @DefaultValue("4") int maxConcurrentExports,
                             @DefaultValue("1s") Duration admissionWait,
                             @DefaultValue("2s") Duration retryAfter,
                             @DefaultValue("1000") int fetchRows) {

    public ReadProperties {
        if (maxConcurrent < 1 || maxConcurrentExports < 1 || fetchRows < 1) {
            throw new IllegalArgumentException("descent.reads.max-concurrent, max-concurrent-exports and fetch-rows "
                    + "must be at least 1, were " + maxConcurrent + ", " + maxConcurrentExports + ", " + fetchRows);
        }
    }
}
