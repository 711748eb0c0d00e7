package dev.descent.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The worker pool. {@code workers} 0 means one per core. {@code threadsPerJob} is how many threads a running job's
 * matrix products (BLAS) may use; 0 means the cores divided among the jobs running at the time, so that a job alone
 * gets them all and two jobs on two cores get one each. A worker renews its job's lease every
 * {@code heartbeatInterval}; a job whose lease lapses (its server died) is queued again, unless that has happened
 * {@code maxLostLeases} times, when the job fails (it may be what kills its servers). A worker's write that fails
 * transiently (the database unreachable for a while) is retried, waiting {@code writeRetryBackoff} at first and twice
 * as long each time (at most {@code heartbeatInterval}), for as long as its lease lasts. At shutdown running jobs get
 * {@code shutdownGrace} to checkpoint and return to the queue (keep {@code spring.lifecycle.timeout-per-shutdown-phase}
 * and Kubernetes' {@code terminationGracePeriodSeconds} above it).
 */
@ConfigurationProperties("descent.executor")
public record ExecutorProperties(
        @DefaultValue("0") int workers,
        @DefaultValue("500ms") Duration pollInterval,
        @DefaultValue("60s") Duration leaseDuration,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("0") int threadsPerJob,
        @DefaultValue("20s") Duration shutdownGrace,
        @DefaultValue("3") int maxLostLeases,
        @DefaultValue("250ms") Duration writeRetryBackoff) {

    public int workerCount() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /** BLAS threads for each of {@code runningJobs} jobs. */
    public int blasThreads(int runningJobs) {
        return threadsPerJob > 0 ? threadsPerJob
                : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, runningJobs));
    }
}
