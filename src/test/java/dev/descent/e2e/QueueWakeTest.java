package dev.descent.e2e;

import dev.descent.DescentApplication;
import dev.descent.job.JobExecutor;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workers take a job the moment it is queued or they free up, not at their next poll: the poll is set to an hour,
 * longer than the test, so only a wake-up can explain a job that runs. In one H2 server (woken in process), and
 * across two PostgreSQL replicas, where the idle one is woken by the other's NOTIFY.
 */
class QueueWakeTest {

    private static final String SLOW_POLL = "--descent.executor.poll-interval=1h";
    private static final String JOB = """
            {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 4}]},
             "optimizer": {"type": "sgd", "learningRate": 0.05}, "training": {"epochs": 1, "batchSize": 16}}""";
    private static final String BLOCKER = """
            {"name": "blocker", "dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 4}]},
             "optimizer": {"type": "sgd", "learningRate": 0.01}, "training": {"epochs": 5000, "batchSize": 4}}""";
    /** Far less than the poll; generous for a loaded machine. */
    private static final Duration QUICKLY = Duration.ofSeconds(20);

    @Test
    void aServersWorkersTakeJobsAsTheyAreQueuedAndAsTheyFreeUp(@TempDir Path dir) {
        try (ConfigurableApplicationContext server = SpringApplication.run(DescentApplication.class,
                "--server.port=0", "--descent.data-dir=" + dir, SLOW_POLL, "--descent.executor.workers=1")) {
            Http http = PostgresServers.client(server);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ids.add(http.post("/api/v1/jobs", JOB).body().path("id").asString());
            }
            // one worker: after the first, each job starts when the one before frees the worker
            for (String id : ids) {
                assertThat(http.awaitJob(id, QUICKLY, "SUCCEEDED", "FAILED").path("status").asString())
                        .isEqualTo("SUCCEEDED");
            }
            // the worker is idle: a new job wakes it
            String late = http.post("/api/v1/jobs", JOB).body().path("id").asString();
            assertThat(http.awaitJob(late, QUICKLY, "SUCCEEDED", "FAILED").path("status").asString())
                    .isEqualTo("SUCCEEDED");
        }
    }

    @Test
    void aJobQueuedOnOneReplicaIsTakenAtOnceByAnIdleOne(@TempDir Path dir) {
        PostgresServers servers = new PostgresServers("wake", dir);
        try (ConfigurableApplicationContext busy = servers.start(SLOW_POLL, "--descent.executor.workers=1")) {
            Http a = PostgresServers.client(busy);
            String blocker = a.post("/api/v1/jobs", BLOCKER).body().path("id").asString();
            a.awaitJob(blocker, QUICKLY, "RUNNING");
            // started once the only job is taken, so its one poll at start finds nothing queued
            try (ConfigurableApplicationContext idle = servers.start(SLOW_POLL, "--descent.executor.workers=1")) {
                String id = a.post("/api/v1/jobs", JOB).body().path("id").asString();
                JsonNode done = a.awaitJob(id, QUICKLY, "SUCCEEDED", "FAILED");
                assertThat(done.path("status").asString()).isEqualTo("SUCCEEDED");
                assertThat(busyWorkers(busy)).as("the blocker's").isEqualTo(1);
                assertThat(servers.statusAndOwner(blocker)).isEqualTo("RUNNING " + busy.getBean(JobExecutor.class).owner());
                assertThat(busyWorkers(idle)).isZero();
            }
            a.post("/api/v1/jobs/" + blocker + "/cancel", "");
        }
    }

    /** A server's gauge of its busy workers, as an operator reads it. */
    private static int busyWorkers(ConfigurableApplicationContext server) {
        return (int) server.getBean(MeterRegistry.class).get("descent.workers.busy").gauge().value();
    }
}
