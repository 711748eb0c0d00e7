package dev.descent.job;

import dev.descent.training.ComputeThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
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
 * watch for cancellation. Idle workers take a job the moment one is queued ({@link QueueWakeups}) or a worker frees
 * up; the poll every {@code descent.executor.poll-interval} ends lapsed leases and is the fallback for a lost wake-up. Any number of servers may share one database: {@link JobQueue} never lets two claim the
 * same job. On shutdown (SIGTERM) it stops claiming, lets running jobs checkpoint after their current step and
 * returns them to the queue, waiting at most {@code descent.executor.shutdown-grace}.
 * <p>
 * What it runs are claims, not jobs: a server paused past its lease (a long GC pause, a frozen VM) may claim its own
 * job again while the first claim's worker still runs; each claim has its own cancel flag and lease, and the one
 * whose lease lapsed is told it lost the job and stops (its writes are fenced by {@link ClaimedWrites}).
 */
@Component
public class JobExecutor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobExecutor.class);

    private final JobRepository jobs;
    private final JobQueue queue;
    private final JobRunner runner;
    private final ExecutorProperties properties;
    private final JobMetrics metrics;
    private final Clock clock;
    private final QueueWakeups wakeups;
    private final String owner = "descent-" + UUID.randomUUID();
    private final ExecutorService pool;
    /** The one thread that fills idle workers when woken, so a wake-up never waits for a database round trip. */
    private final ExecutorService dispatcher;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Object claiming = new Object();
    /** The claims this server's workers are training, by claim token. */
    private final Map<UUID, Claim> running = new ConcurrentHashMap<>();
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean accepting = true;
    private volatile boolean lifecycleRunning;

    JobExecutor(JobRepository jobs, JobQueue queue, JobRunner runner, ExecutorProperties properties,
                JobMetrics metrics, Clock clock, QueueWakeups wakeups) {
        this.jobs = jobs;
        this.wakeups = wakeups;
        this.clock = clock;
        this.queue = queue;
        this.metrics = metrics;
        metrics.watchBusyWorkers(busy);
        this.runner = runner;
        this.properties = properties;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(properties.workerCount(), r -> {
            Thread t = new Thread(r, "descent-worker-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.dispatcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "descent-dispatcher");
            t.setDaemon(true);
            return t;
        });
        wakeups.onQueued(this::wake);
        log.info("job executor {} with {} workers; BLAS threads per job: {}", owner, properties.workerCount(),
                properties.threadsPerJob() > 0 ? properties.threadsPerJob() : "the cores divided among the running jobs");
    }

    /**
     * Ends the running jobs whose lease lapsed: cancelled if a cancel was requested, failed if their servers stopped
     * too often, queued again otherwise; then fills idle workers, as a wake-up would.
     */
    @Scheduled(fixedDelayString = "${descent.executor.poll-interval:500ms}")
    public void poll() {
        if (!accepting) {
            return;
        }
        try {
            endExpired(clock.instant());
        } catch (DataAccessException | TransactionException unreachable) {
            log.warn("cannot poll the queue: {}", unreachable.getMessage());
        }
        fillWorkers();
    }

    /**
     * A job may be waiting, or a worker free: fills idle workers on the dispatcher's thread. Wake-ups that come while
     * one is pending are one.
     */
    void wake() {
        if (accepting && wakePending.compareAndSet(false, true)) {
            try {
                dispatcher.execute(() -> {
                    wakePending.set(false);
                    fillWorkers();
                });
            } catch (RejectedExecutionException shuttingDown) {
                wakePending.set(false);
            }
        }
    }

    /** Claims queued jobs while workers are idle, in the queue's fair order; one caller at a time. */
    private void fillWorkers() {
        // a lock of its own: a worker sharing out the BLAS threads (synchronized on this) never waits for a claim
        synchronized (claiming) {
            try {
                while (accepting && busy.get() < properties.workerCount() && claimAndStart()) {
                    // keep claiming while workers are idle and jobs are queued
                }
            } catch (DataAccessException | TransactionException unreachable) {
                log.warn("cannot poll the queue: {}", unreachable.getMessage());
            }
        }
    }

    private void endExpired(Instant now) {
        int cancelled = jobs.cancelExpired(now);
        if (cancelled > 0) {
            log.warn("{} jobs cancelled as requested: their server stopped renewing the lease", cancelled);
        }
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
            wakeups.queued();
        }
    }

    private boolean claimAndStart() {
        Instant now = clock.instant();
        return queue.claimNext(owner, now.plus(properties.leaseDuration()), now).map(claim -> {
            metrics.claimed();
            start(claim);
            return true;
        }).orElse(false);
    }

    private void start(Claim claim) {
        running.put(claim.token(), claim);
        busy.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    ComputeThreads.singleThreadedOps();
                    shareBlasThreads();
                    runner.run(claim, () -> claim.isCancelled() || !accepting, () -> !accepting);
                } finally {
                    running.remove(claim.token());
                    busy.decrementAndGet();
                    shareBlasThreads();
                    wake();
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // claimed while the server began to shut down: hand it straight back rather than wait for the lease
            running.remove(claim.token());
            busy.decrementAndGet();
            jobs.release(claim.jobId(), claim.token());
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

    /**
     * Renews the leases of this server's claims, telling each whose lease could not be renewed (it lapsed, or passed
     * to another claim) that it lost its job; picks up cancellations requested through other servers. While the
     * database cannot be reached the leases run on, and the workers' writes wait for it (see {@link ClaimedWrites}).
     */
    @Scheduled(fixedDelayString = "${descent.executor.heartbeat-interval:10s}")
    public void heartbeat() {
        if (running.isEmpty()) {
            return;
        }
        try {
            for (Claim claim : running.values()) {
                Instant now = clock.instant();
                Instant lease = now.plus(properties.leaseDuration());
                if (jobs.renewLease(claim.jobId(), claim.token(), lease, now) == 1) {
                    claim.renewedUntil(lease);
                } else if (!claim.isLost()) {
                    claim.lose();
                    log.warn("{} lost its lease: its worker stops at its next step without writing", claim);
                }
            }
            jobs.findCancelRequested(running.values().stream().map(Claim::jobId).toList()).forEach(this::cancelLocally);
        } catch (DataAccessException | TransactionException unreachable) {
            log.warn("cannot renew leases: {}", unreachable.getMessage());
        }
    }

    /** Stops a job running in this server (every claim of it) after its current step; no effect elsewhere. */
    public void cancelLocally(UUID id) {
        running.values().stream().filter(claim -> claim.jobId().equals(id)).forEach(Claim::cancel);
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
        dispatcher.shutdown();
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
