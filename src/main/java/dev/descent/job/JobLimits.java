package dev.descent.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds checked before a job is queued, so one request cannot take the server's memory or time.
 *
 * @param maxActiveJobsPerUser queued and running jobs one (non-admin) user may have at once, so one tenant cannot
 *                             fill the queue
 * @param maxOrthogonalBasis   values orthogonal gradient descent may keep for a continual run (directions × parameters),
 *                             held beside the model while it trains
 */
@ConfigurationProperties("descent.jobs")
public record JobLimits(
        @DefaultValue("20000000") long maxParameters,
        @DefaultValue("10000") int maxEpochs,
        @DefaultValue("2000000000") long maxEpochRows,
        @DefaultValue("100") int maxQueuedJobs,
        @DefaultValue("100000000") long maxActivations,
        @DefaultValue("10") int maxActiveJobsPerUser,
        @DefaultValue("100000000") long maxOrthogonalBasis) {
}
