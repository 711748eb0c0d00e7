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
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Service;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Server-sent events of jobs, driven from the database: the job may train on another server sharing it, so one
 * shared poller reads each watched job's row and recorded history every {@code pollInterval} (one round of queries
 * per watched job, however many streams watch it) and sends each stream what it has not seen yet.
 * <p>
 * Event ids are global steps: an epoch's {@code progress} event has the step that ended it, a step event the step it
 * reports, the {@code end} event the job's last step. A client that reconnects with Last-Event-ID N gets the epochs
 * that ended after step N again from the recorded history, then the current status and progress.
 */
@Service
public class JobEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);

    private final JobRepository jobs;
    private final JobService jobService;
    private final HistoryService history;
    private final WatchProperties properties;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Pace> paces = new ConcurrentHashMap<>();
    private volatile boolean running;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "job-events");
        thread.setDaemon(true);
        return thread;
    });

    public JobEvents(JobRepository jobs, JobService jobService, HistoryService history, WatchProperties properties) {
        this.jobs = jobs;
        this.jobService = jobService;
        this.history = history;
        this.properties = properties;
        long interval = properties.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream of a job's events from after step {@code lastEventId} (null: from the start).
     *
     * @throws NotFoundException        no such job
     * @throws TooManyStreamsException  this server has {@code maxStreams} open
     */
    public SseEmitter open(UUID jobId, Caller caller, Long lastEventId) {
        jobService.get(jobId, caller);
        if (!running) {
            throw new TooManyStreamsException("this server is shutting down; retry on another");
        }
        if (streams.size() >= properties.maxStreams()) {
            throw new TooManyStreamsException("this server has " + properties.maxStreams()
                    + " event streams open (descent.watch.max-streams); retry later");
        }
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        Stream stream = new Stream(jobId, emitter, lastEventId == null ? 0 : lastEventId);
        emitter.onCompletion(() -> streams.remove(stream));
        emitter.onTimeout(() -> {
            streams.remove(stream);
            emitter.complete();
        });
        emitter.onError(e -> streams.remove(stream));
        streams.add(stream);
        // the first events go out from the poller at once, not from the request thread, so they keep their order
        poller.execute(this::pollSafely);
        return emitter;
    }

    /** Open streams on this server. */
    public int openStreams() {
        return streams.size();
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
        streams.forEach(s -> s.emitter.complete());
        streams.clear();
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
            watching.forEach(s -> s.end(deleted, s.lastId));
            return;
        }
        Job job = found.get();
        JobProgress progress = JobProgress.of(job);
        StatusEvent status = new StatusEvent(job.getStatus().name(), job.getError(), job.getSteps(),
                job.getCurrentEpoch(), job.getEpochs());
        StepMetrics latest = job.getStatus() == JobStatus.RUNNING ? history.latestStep(jobId) : null;
        long from = watching.stream().mapToLong(s -> s.lastId).min().orElse(0);
        List<EpochMetrics> epochs = history.epochsAfterStep(jobId, from);
        Pace pace = paces.computeIfAbsent(jobId, id -> new Pace(batchSize(job), job.getSteps()));
        pace.observe(job.getSteps(), epochs);
        for (Stream stream : watching) {
            stream.send(job, progress, status, epochs, latest, pace);
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
        final SseEmitter emitter;
        long lastId;
        String lastStatus;
        long lastStepEventNanos;
        boolean ended;

        Stream(UUID jobId, SseEmitter emitter, long lastId) {
            this.jobId = jobId;
            this.emitter = emitter;
            this.lastId = lastId;
        }

        /** No id: a status event does not move the replay position. */
        private void sendStatus(StatusEvent status) throws IOException {
            emitter.send(SseEmitter.event().name("status").data(status, MediaType.APPLICATION_JSON));
            lastStatus = status.status();
        }

        void send(Job job, JobProgress progress, StatusEvent status, List<EpochMetrics> epochs, StepMetrics latest,
                  Pace pace) {
            if (ended) {
                return;
            }
            try {
                if (lastStatus == null) {
                    // on connecting, where the job stands comes first, before any replayed epochs
                    sendStatus(status);
                }
                for (EpochMetrics e : epochs) {
                    if (e.steps() > lastId) {
                        double fraction = progress.totalSteps() != null && progress.totalSteps() > 0
                                ? Math.min(1.0, (double) e.steps() / progress.totalSteps()) : (double) e.epoch() / job.getEpochs();
                        emit(e.steps(), new ProgressEvent("epoch", e.steps(), e.epoch(), job.getEpochs(), e.trainLoss(),
                                e.learningRate(), e.validationLoss(), e.trainAccuracy(), e.validationAccuracy(),
                                e.samplesPerSecond(), fraction, progress.etaSeconds()));
                    }
                }
                if (!status.status().equals(lastStatus)) {
                    sendStatus(status);
                }
                long now = System.nanoTime();
                if (latest != null && latest.step() > lastId
                        && now - lastStepEventNanos >= properties.progressInterval().toNanos()) {
                    double fraction = progress.totalSteps() != null && progress.totalSteps() > 0
                            ? Math.min(1.0, (double) latest.step() / progress.totalSteps()) : progress.fraction();
                    emit(latest.step(), new ProgressEvent("step", latest.step(), latest.epoch(), job.getEpochs(),
                            latest.loss(), latest.learningRate(), null, null, null, pace.samplesPerSecond(), fraction,
                            progress.etaSeconds()));
                    lastStepEventNanos = now;
                }
                if (job.getStatus().isFinished()) {
                    end(status, Math.max(lastId, job.getSteps()));
                }
            } catch (IOException | IllegalStateException e) {
                // the client went away (or the emitter completed meanwhile): forget the stream
                ended = true;
                streams.remove(this);
            }
        }

        private void emit(long id, ProgressEvent event) throws IOException {
            emitter.send(SseEmitter.event().id(Long.toString(id)).name("progress").data(event, MediaType.APPLICATION_JSON));
            lastId = id;
        }

        void end(StatusEvent status, long id) {
            ended = true;
            streams.remove(this);
            try {
                emitter.send(SseEmitter.event().id(Long.toString(id)).name("end").data(status, MediaType.APPLICATION_JSON));
                emitter.complete();
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
            }
        }
    }
}
