package dev.descent.job;

import dev.descent.training.ComputeThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool of workers that take QUEUED jobs from the database, hold a lease on each while it trains, and
 * watch for cancellation. Any number of servers may share one database: {@link JobQueue} never lets two claim the
 * same job. On shutdown (SIGTERM) it stops claiming, lets running jobs checkpoint after their current step and
 * returns them to the queue, waiting at most {@code descent.executor.shutdown-grace}.
 */
@Component
public class JobExecutor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);

    private final JobRepository jobs;
    private final JobQueue queue;
    private final JobRunner runner;
    private final ExecutorProperties properties;
    private final JobMetrics metrics;
    private final String owner = "descent-" + UUID.randomUUID();
    private final ExecutorService pool;
    private final Map<UUID, AtomicBoolean> running = new ConcurrentHashMap<>();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean accepting = true;
    private volatile boolean lifecycleRunning;

    JobExecutor(JobRepository jobs, JobQueue queue, JobRunner runner, ExecutorProperties properties,
                JobMetrics metrics) {
        this.jobs = jobs;
        this.queue = queue;
        this.metrics = metrics;
        this.runner = runner;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(properties.workerCount(), r -> {
            Thread t = new Thread(r, "descent-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        log.info("job executor {} with {} workers; BLAS threads per job: {}", owner, properties.workerCount(),
                properties.threadsPerJob() > 0 ? properties.threadsPerJob() : "the cores divided among the running jobs");
    }

    /** Fills idle workers with queued jobs, oldest first; first queues again jobs whose lease expired. */
    @Scheduled(fixedDelayString = "${descent.executor.poll-interval:500ms}")
    public void poll() {
        if (!accepting) {
            return;
        }
        Instant now = Instant.now();
        int failed = jobs.failExpired(properties.maxLostLeases(), "its server stopped without returning it "
                + properties.maxLostLeases() + " times (descent.executor.max-lost-leases); the job may be what "
                + "stops them, e.g. by exhausting native memory", now);
        if (failed > 0) {
            log.warn("{} jobs failed: their servers stopped while running them {} times", failed,
                    properties.maxLostLeases());
        }
        int requeued = jobs.requeueExpired(now);
        if (requeued > 0) {
            log.warn("{} jobs queued again: their server stopped renewing the lease", requeued);
        }
        while (busy.get() < properties.workerCount() && claimAndStart()) {
            // keep claiming while workers are idle and jobs are queued
        }
    }

    private boolean claimAndStart() {
        Instant now = Instant.now();
        return queue.claimNext(owner, now.plus(properties.leaseDuration()), now).map(id -> {
            metrics.claimed();
            start(id);
            return true;
        }).orElse(false);
    }

    private void start(UUID id) {
        AtomicBoolean cancel = new AtomicBoolean();
        running.put(id, cancel);
        busy.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    ComputeThreads.singleThreadedOps();
                    shareBlasThreads();
                    runner.run(id, owner, () -> cancel.get() || !accepting, () -> !accepting);
                } finally {
                    running.remove(id);
                    busy.decrementAndGet();
                    shareBlasThreads();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // claimed while the server began to shut down: hand it straight back rather than wait for the lease
            running.remove(id);
            busy.decrementAndGet();
            jobs.release(id, owner);
        }
    }

    /**
     * BLAS has one thread pool for the whole process: whenever a job starts or ends, the cores are divided anew among
     * the running jobs (unless {@code threads-per-job} fixes the share).
     */
    private synchronized void shareBlasThreads() {
        int jobs = busy.get();
        if (jobs > 0) {
            ComputeThreads.shareBlas(properties.blasThreads(jobs));
        }
    }

    /** Renews the leases of this server's jobs and picks up cancellations requested through other servers. */
    @Scheduled(fixedDelayString = "${descent.executor.heartbeat-interval:10s}")
    public void heartbeat() {
        if (running.isEmpty()) {
            return;
        }
        jobs.renewLeases(owner, running.keySet(), Instant.now().plus(properties.leaseDuration()));
        jobs.findCancelRequested(running.keySet()).forEach(this::cancelLocally);
    }

    /** Stops a job running in this server after its current step; no effect for jobs running elsewhere. */
    public void cancelLocally(UUID id) {
        AtomicBoolean flag = running.get(id);
        if (flag != null) {
            flag.set(true);
        }
    }

    /** Jobs this server is training now. */
    public int busyWorkers() {
        return busy.get();
    }

    /** This server's name in the jobs' {@code owner} column. */
    public String owner() {
        return owner;
    }

    @Override
    public void start() {
        lifecycleRunning = true;
    }

    /**
     * Runs first at shutdown (highest phase, before the web server drains): running jobs stop after their current
     * step, checkpoint and return to the queue, for this or another server.
     */
    @Override
    public void stop() {
        shutdown();
        lifecycleRunning = false;
    }

    @Override
    public boolean isRunning() {
        return lifecycleRunning;
    }

    @PreDestroy
    void shutdown() {
        if (!accepting) {
            return;
        }
        accepting = false;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                // a job still in its step keeps its lease until it lapses, then resumes elsewhere from its checkpoint
                log.warn("{} jobs still running after the shutdown grace of {}", busy.get(), properties.shutdownGrace());
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
