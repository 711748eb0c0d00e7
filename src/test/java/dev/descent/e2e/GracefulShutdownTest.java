package dev.descent.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server on its embedded H2 database stopped with SIGTERM while it trains, as an operator's restart does: the JVM's
 * shutdown must not close the database under the executor (H2 does, by default, in its own shutdown hook), so the job
 * is checkpointed and handed back to the queue, not left to its lease; the next server on the same files resumes it
 * with no lease lost and every step once.
 */
class GracefulShutdownTest {

    private static final int EPOCHS = 6;

    private Replica server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.process().destroyForcibly();
        }
    }

    private Replica launch(Path dir, String log) {
        return Replica.launch(List.of("--descent.data-dir=" + dir.resolve("data"),
                "--descent.executor.poll-interval=100ms", "--descent.executor.threads-per-job=1"), Map.of(),
                dir.resolve(log));
    }

    @Test
    void aSigtermReturnsTheRunningJobToTheQueueAndTheNextServerResumesIt(@TempDir Path dir) throws Exception {
        server = launch(dir, "first.log");
        server.awaitReady();
        String id = server.http().post("/api/v1/jobs", DigitsJobs.spec(EPOCHS, 1)).body().path("id").asString();
        server.http().await("/api/v1/jobs/" + id, Duration.ofMinutes(2), DigitsJobs::checkpointed);

        server.process().destroy(); // SIGTERM
        assertThat(server.process().waitFor(90, TimeUnit.SECONDS)).as(server.tail()).isTrue();
        assertThat(server.logs("returned to the queue", Duration.ZERO)).as(server.tail()).isTrue();
        assertThat(server.logs("Database is already closed", Duration.ZERO)).as(server.tail()).isFalse();

        server = launch(dir, "second.log");
        server.awaitReady();
        JsonNode job = server.http().awaitJob(id, Duration.ofMinutes(3), "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(job.path("status").asString()).as(server.tail()).isEqualTo("SUCCEEDED");
        assertThat(job.path("attempts").asInt()).isEqualTo(2);
        assertThat(job.path("lostLeases").asInt()).as("handed back, not left to lapse").isZero();
        assertThat(server.http().recordedSteps(id)).containsExactlyElementsOf(
                DigitsJobs.stepsUpTo((long) EPOCHS * DigitsJobs.STEPS_PER_EPOCH));
    }
}
