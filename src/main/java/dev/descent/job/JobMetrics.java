package dev.descent.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What operators watch (exported at {@code /actuator/prometheus}): jobs by status and the queue depth (read from the
 * database, so every replica reports the whole queue), this server's claims, training steps (a counter: its
 * {@code rate()} is the steps/s) and the steps/s of its running jobs' latest epochs, and epoch durations.
 */
@Component
public class JobMetrics {

    private final MeterRegistry registry;
    private final Counter claims;
    private final Counter steps;
    private final Timer epochDuration;
    private final Map<UUID, Double> stepsPerSecond = new ConcurrentHashMap<>();

    JobMetrics(MeterRegistry registry, JobRepository jobs) {
        this.registry = registry;
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("descent.jobs", jobs, repository -> repository.countByStatus(status))
                    .description("Jobs in the database by status").tag("status", status.name()).register(registry);
        }
        Gauge.builder("descent.queue.depth", jobs, repository -> repository.countByStatus(JobStatus.QUEUED))
                .description("Jobs waiting for a worker").register(registry);
        Gauge.builder("descent.training.steps.per.second", stepsPerSecond,
                        rates -> rates.values().stream().mapToDouble(Double::doubleValue).sum())
                .description("Optimizer steps per second of this server's running jobs, from their latest epochs")
                .register(registry);
        claims = Counter.builder("descent.jobs.claimed").description("Jobs this server claimed from the queue")
                .register(registry);
        steps = Counter.builder("descent.training.steps").description("Optimizer steps taken by this server")
                .register(registry);
        epochDuration = Timer.builder("descent.training.epoch.duration").description("Wall time of one epoch")
                .register(registry);
    }

    /** Reports how many of this server's workers are training: {@code busy} as the executor counts them. */
    void watchBusyWorkers(AtomicInteger busy) {
        Gauge.builder("descent.workers.busy", busy, AtomicInteger::get)
                .description("Workers of this server training a job now").register(registry);
    }

    void claimed() {
        claims.increment();
    }

    void step() {
        steps.increment();
    }

    void epoch(UUID job, long epochSteps, long durationMillis) {
        epochDuration.record(Duration.ofMillis(durationMillis));
        stepsPerSecond.put(job, durationMillis > 0 ? epochSteps * 1000.0 / durationMillis : 0.0);
    }

    void ended(UUID job) {
        stepsPerSecond.remove(job);
    }

    /** Jobs this server has claimed since it started. */
    public double claimCount() {
        return claims.count();
    }
}
