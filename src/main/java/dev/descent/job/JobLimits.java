package dev.descent.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds checked before a job is queued, so one request cannot take the server's memory or time.
 *
 * @param maxActiveJobsPerUser queued and running jobs one (non-admin) user may have at once, so one tenant cannot
 *                             fill the queue
 */
@ConfigurationProperties("descent.jobs")
public record JobLimits(
        @DefaultValue("20000000") long maxParameters,
        @DefaultValue("10000") int maxEpochs,
        @DefaultValue("2000000000") long maxEpochRows,
        @DefaultValue("100") int maxQueuedJobs,
        @DefaultValue("100000000") long maxActivations,
        @DefaultValue("10") int maxActiveJobsPerUser) {
}
