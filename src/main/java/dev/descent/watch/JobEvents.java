package dev.descent.watch;

import dev.descent.error.NotFoundException;
import dev.descent.error.TooManyStreamsException;
import dev.descent.history.HistoryService;
import dev.descent.job.Job;
import dev.descent.job.JobProgress;
import dev.descent.job.JobRepository;
import dev.descent.job.JobService;
import dev.descent.job.JobStatus;
import dev.descent.training.EpochMetrics;
import dev.descent.training.StepMetrics;
import dev.descent.security.Caller;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Server-sent events of jobs, driven from the database: the job may train on another server sharing it, so one
 * shared poller reads each watched job's row and recorded history every {@code pollInterval} (one round of queries
 * per watched job, however many streams watch it) and sends each stream what it has not seen yet.
 * <p>
 * Event ids are global steps: an epoch's {@code progress} event has the step that ended it, a step event the step it
 * reports, the {@code end} event the job's last step. A client that reconnects with Last-Event-ID N gets the epochs
 * that ended after step N again from the recorded history, then the current status and progress.
 * <p>
 * The poller never writes to a socket: it hands each stream's events to the stream's {@link StreamOutbox}, whose
 * writes run on a pool of sender threads, so a client that stops reading delays only itself. A round hands a stream
 * at most as many events as its outbox has room for (a long replay goes on in the next rounds, as the client reads).
 * A stream whose outbox is full, and whose client has taken no event from it for {@code streamStallTimeout}, is
 * closed: it holds at most {@code streamBufferEvents} events meanwhile, and its client reconnects with Last-Event-ID
 * if it was only slow.
 */
@Service
public class JobEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);
    /** How far back a progress event looks for diagnostic values: bounds the rows a reconnect from far back reads. */
    private static final long DIAGNOSTICS_WINDOW = 10_000;

    private final JobRepository jobs;
    private final JobService jobService;
    private final HistoryService history;
    private final WatchProperties properties;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final StreamSlots slots;
    private final Map<UUID, Pace> paces = new ConcurrentHashMap<>();
    private volatile boolean running;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "job-events");
        thread.setDaemon(true);
        return thread;
    });
    /** Grows with the streams being written to at the moment: a stalled client holds one thread, not the others'. */
    private final ExecutorService senders = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = new Thread(runnable, "job-events-send-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    public JobEvents(JobRepository jobs, JobService jobService, HistoryService history, WatchProperties properties,
                     MeterRegistry registry) {
        this.jobs = jobs;
        this.jobService = jobService;
        this.history = history;
        this.properties = properties;
        this.slots = new StreamSlots(properties.maxStreams(), properties.maxStreamsPerUser());
        long interval = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, interval, interval, TimeUnit.MILLISECONDS);
        Gauge.builder("descent.events.streams", streams, Set::size)
                .description("Event streams open on this server").register(registry);
    }

    /**
     * Opens a stream of a job's events from after step {@code lastEventId} (null: from the start).
     *
     * @throws NotFoundException        no such job
     * @throws TooManyStreamsException  this server has {@code maxStreams} open, or the caller {@code maxStreamsPerUser}
     */
    public SseEmitter open(UUID jobId, Caller caller, Long lastEventId) {
        jobService.get(jobId, caller);
        if (!running) {
            throw TooManyStreamsException.onServer("this server is shutting down; retry on another");
        }
        slots.take(caller);
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Stream stream = new Stream(jobId, caller, emitter, lastEventId == null ? 0 : lastEventId);
        emitter.onCompletion(() -> forget(stream));
        emitter.onTimeout(() -> {
            forget(stream);
            emitter.complete();
        });
        emitter.onError(e -> forget(stream));
        streams.add(stream);
        // the first events go out from the poller at once, not from the request thread, so they keep their order
        poller.execute(this::pollSafely);
        return emitter;
    }

    /** Stops polling for a stream and gives its slot back; true the first time only. */
    private boolean forget(Stream stream) {
        if (streams.remove(stream)) {
            slots.giveBack(stream.caller);
            return true;
        }
        return false;
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Closes every open stream when the server begins to stop, before the web server's graceful shutdown, which would
     * otherwise wait its whole grace period for these never-ending requests. Clients reconnect (EventSource does by
     * itself) with Last-Event-ID, to this server once it is back or to another replica, and miss nothing.
     */
    @Override
    public void stop() {
        running = false;
        streams.forEach(s -> {
            forget(s);
            s.outbox.close();
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: the web server's graceful shutdown has a lower phase. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    @PreDestroy
    void close() {
        poller.shutdownNow();
        senders.shutdownNow();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // a failed round (the database restarting, say) must not stop the poller: the next one tries again
            log.warn("event stream poll failed: {}", e.toString());
        }
    }

    private void poll() {
        Map<UUID, List<Stream>> byJob = streams.stream().collect(Collectors.groupingBy(s -> s.jobId));
        paces.keySet().retainAll(byJob.keySet());
        byJob.forEach(this::poll);
    }

    /**
     * One job's round. The job row is read first and the latest step before the epochs, so nothing a stream is sent
     * can be overtaken by a row committed in between: history is written before the job row moves, and an epoch's
     * record is written together with its last step.
     */
    private void poll(UUID jobId, List<Stream> watching) {
        Optional<Job> found = jobs.findById(jobId);
        if (found.isEmpty()) {
            StatusEvent deleted = new StatusEvent(StatusEvent.DELETED, "the job was deleted", 0, 0, 0);
            watching.forEach(s -> s.deleted(deleted));
            return;
        }
        Job job = found.get();
        JobProgress progress = JobProgress.of(job);
        StatusEvent status = new StatusEvent(job.getStatus().name(), job.getError(), job.getSteps(),
                job.getCurrentEpoch(), job.getEpochs());
        StepMetrics latest = job.getStatus() == JobStatus.RUNNING ? history.latestStep(jobId) : null;
        long from = watching.stream().mapToLong(s -> s.lastId).min().orElse(0);
        List<EpochMetrics> epochs = history.epochsAfterStep(jobId, from);
        long upTo = Math.max(latest != null ? latest.step() : 0, epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).steps());
        Map<String, Double> diagnostics = upTo > from
                ? history.latestDiagnostics(jobId, Math.max(from, upTo - DIAGNOSTICS_WINDOW), upTo) : Map.of();
        Pace pace = paces.computeIfAbsent(jobId, id -> new Pace(batchSize(job), job.getSteps()));
        pace.observe(job.getSteps(), epochs);
        for (Stream stream : watching) {
            stream.send(job, progress, status, epochs, latest, pace, diagnostics);
        }
    }

    private int batchSize(Job job) {
        try {
            return jobService.spec(job).training().batchSize();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Samples per second: the last epoch's, or within the first epoch seen, the pace since it was first polled. */
    private static final class Pace {
        private final int batchSize;
        private final long firstSteps;
        private final long firstNanos = System.nanoTime();
        private Double epochSamplesPerSecond;
        private long steps;

        Pace(int batchSize, long steps) {
            this.batchSize = batchSize;
            this.firstSteps = steps;
            this.steps = steps;
        }

        void observe(long steps, List<EpochMetrics> epochs) {
            this.steps = steps;
            if (!epochs.isEmpty()) {
                epochSamplesPerSecond = epochs.get(epochs.size() - 1).samplesPerSecond();
            }
        }

        Double samplesPerSecond() {
            double seconds = (System.nanoTime() - firstNanos) / 1e9;
            if (epochSamplesPerSecond != null || batchSize == 0 || steps <= firstSteps || seconds < 0.5) {
                return epochSamplesPerSecond;
            }
            return (steps - firstSteps) * batchSize / seconds;
        }
    }

    private final class Stream {
        final UUID jobId;
        final Caller caller;
        final StreamOutbox outbox;
        long lastId;
        String lastStatus;
        long lastStepEventNanos;
        /** Set by the sender too, when the client has gone. */
        volatile boolean ended;

        Stream(UUID jobId, Caller caller, SseEmitter emitter, long lastId) {
            this.jobId = jobId;
            this.caller = caller;
            this.outbox = new StreamOutbox(emitter, properties.streamBufferEvents(), senders, () -> {
                // the client went away: forget the stream
                ended = true;
                forget(this);
            });
            this.lastId = lastId;
        }

        /** One round: what the stream has not been handed yet, as far as its outbox has room. */
        void send(Job job, JobProgress progress, StatusEvent status, List<EpochMetrics> epochs, StepMetrics latest,
                  Pace pace, Map<String, Double> diagnostics) {
            if (ended) {
                return;
            }
            // on connecting, where the job stands comes first, before any replayed epochs
            if (lastStatus == null && !sendStatus(status)) {
                return;
            }
            for (EpochMetrics e : epochs) {
                if (e.steps() > lastId) {
                    double fraction = progress.totalSteps() != null && progress.totalSteps() > 0
                            ? Math.min(1.0, (double) e.steps() / progress.totalSteps()) : (double) e.epoch() / job.getEpochs();
                    if (!emit(e.steps(), new ProgressEvent("epoch", e.steps(), e.epoch(), job.getEpochs(), e.trainLoss(),
                            e.learningRate(), e.validationLoss(), e.trainAccuracy(), e.validationAccuracy(),
                            e.samplesPerSecond(), fraction, progress.etaSeconds(), diagnostics))) {
                        return;
                    }
                }
            }
            if (!status.status().equals(lastStatus) && !sendStatus(status)) {
                return;
            }
            long now = System.nanoTime();
            if (latest != null && latest.step() > lastId
                    && now - lastStepEventNanos >= properties.progressInterval().toNanos()) {
                double fraction = progress.totalSteps() != null && progress.totalSteps() > 0
                        ? Math.min(1.0, (double) latest.step() / progress.totalSteps()) : progress.fraction();
                if (!emit(latest.step(), new ProgressEvent("step", latest.step(), latest.epoch(), job.getEpochs(),
                        latest.loss(), latest.learningRate(), null, null, null, pace.samplesPerSecond(), fraction,
                        progress.etaSeconds(), diagnostics))) {
                    return;
                }
                lastStepEventNanos = now;
            }
            if (job.getStatus().isFinished()) {
                end(status, Math.max(lastId, job.getSteps()));
            }
        }

        void deleted(StatusEvent deleted) {
            if (!ended) {
                end(deleted, lastId);
            }
        }

        /** No id: a status event does not move the replay position. */
        private boolean sendStatus(StatusEvent status) {
            if (!offer(SseEmitter.event().name("status").data(status, MediaType.APPLICATION_JSON))) {
                return false;
            }
            lastStatus = status.status();
            return true;
        }

        private boolean emit(long id, ProgressEvent event) {
            if (!offer(SseEmitter.event().id(Long.toString(id)).name("progress").data(event, MediaType.APPLICATION_JSON))) {
                return false;
            }
            lastId = id;
            return true;
        }

        private void end(StatusEvent status, long id) {
            if (offer(SseEmitter.event().id(Long.toString(id)).name("end").data(status, MediaType.APPLICATION_JSON))) {
                ended = true;
                forget(this);
                outbox.close();
            }
        }

        /**
         * False if the outbox is full: the event waits for a later round, or, if the client has taken nothing for
         * {@code streamStallTimeout}, the stream is closed.
         */
        private boolean offer(SseEmitter.SseEventBuilder event) {
            if (outbox.offer(event)) {
                return true;
            }
            if (outbox.nanosWithoutProgress() > properties.streamStallTimeout().toNanos()) {
                ended = true;
                if (forget(this)) {
                    log.info("event stream of job {} closed: its client has read none of its last {} events for {} "
                            + "(descent.watch.stream-buffer-events, stream-stall-timeout)", jobId,
                            properties.streamBufferEvents(), properties.streamStallTimeout());
                }
                outbox.abandon();
            }
            return false;
        }
    }
}
