package dev.descent.scoring;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code descent.scores.poll-interval}, finishes the scorings whose runs have all finished, on a thread of its
 * own: scoring a large dataset takes seconds, and on the shared scheduler it would delay the job executor's polls and
 * lease renewals. One scoring at a time per server, so scoring uses at most one core of it beside the workers.
 */
@Component
class ScoringFinisher {

    private static final Logger log = LoggerFactory.getLogger(ScoringFinisher.class);

    private final ScoringService scorings;
    private final ScoringProperties properties;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "scoring-finisher");
        t.setDaemon(true);
        return t;
    });

    ScoringFinisher(ScoringService scorings, ScoringProperties properties) {
        this.scorings = scorings;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long every = properties.pollInterval().toMillis();
        thread.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            scorings.finishRunning();
        } catch (RuntimeException e) {
            // a database outage, say: the next poll tries again; nothing was written
            log.warn("finishing scorings failed, retrying: {}", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }
}
