package dev.descent.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server frozen (SIGSTOP) for longer than its jobs' leases, then let run on (SIGCONT), as after a long GC pause or
 * a suspended VM: the same server takes its own jobs back from the queue while the workers that held them carry on
 * where they were frozen. Those workers' claims are lost, so they write nothing; the new claims resume from the
 * checkpoints; a cancel sent while the server was frozen is honoured. Every job's history has each step once.
 */
class StalledServerTest {

    private static final int EPOCHS = 4;
    /** Longer than the 3 s lease of {@link PostgresServers#FAST_QUEUE}, with room for a loaded machine. */
    private static final long FROZEN_MILLIS = 7_000;

    private Replica server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.process().destroyForcibly();
        }
    }

    @Test
    void onH2(@TempDir Path dir) {
        List<String> arguments = new ArrayList<>(List.of("--descent.data-dir=" + dir.resolve("data"),
                "--descent.store.dir=" + dir.resolve("models")));
        arguments.addAll(List.of(PostgresServers.FAST_QUEUE));
        arguments.add("--descent.executor.workers=3");
        server = Replica.launch(arguments, Map.of(), dir.resolve("server.log"));
        aFrozenServerResumesItsJobsOnceAndHonoursTheCancel();
    }

    @Test
    void onPostgres(@TempDir Path dir) {
        server = new PostgresServers("stalled", dir).launch(dir.resolve("server.log"), "--descent.executor.workers=3");
        aFrozenServerResumesItsJobsOnceAndHonoursTheCancel();
    }

    /** Three workers: one for each job, and one free to take a job back while its frozen worker still holds a slot. */
    private void aFrozenServerResumesItsJobsOnceAndHonoursTheCancel() {
        server.awaitReady();
        Http http = server.http();
        String kept = http.post("/api/v1/jobs", DigitsJobs.spec(EPOCHS, 1)).body().path("id").asString();
        String cancelled = http.post("/api/v1/jobs", DigitsJobs.spec(EPOCHS, 1)).body().path("id").asString();
        for (String id : List.of(kept, cancelled)) {
            http.await("/api/v1/jobs/" + id, Duration.ofMinutes(2), DigitsJobs::checkpointed);
        }

        server.freeze();
        CompletableFuture<Http.Response> cancel;
        try {
            // sent while the server is frozen: the kernel holds the connection, the server reads it once it runs
            cancel = CompletableFuture.supplyAsync(() -> http.send(http.request("/api/v1/jobs/" + cancelled + "/cancel")
                    .POST(HttpRequest.BodyPublishers.noBody())));
            Replica.sleep(FROZEN_MILLIS);
        } finally {
            server.thaw();
        }
        assertThat(cancel.orTimeout(30, TimeUnit.SECONDS).join().status()).isEqualTo(200);

        JsonNode done = http.awaitJob(kept, Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(done.path("status").asString()).as(server.tail()).isEqualTo("SUCCEEDED");
        assertThat(done.path("attempts").asInt()).as("taken back by the same server").isEqualTo(2);
        assertThat(done.path("lostLeases").asInt()).isEqualTo(1);
        long total = (long) EPOCHS * DigitsJobs.STEPS_PER_EPOCH;
        assertThat(http.recordedSteps(kept)).as(server.tail()).containsExactlyElementsOf(DigitsJobs.stepsUpTo(total));
        assertThat(http.get("/api/v1/jobs/" + kept + "/history").body().size()).isEqualTo(EPOCHS);

        JsonNode stopped = http.awaitJob(cancelled, Duration.ofMinutes(1), "SUCCEEDED", "FAILED", "CANCELLED");
        assertThat(stopped.path("status").asString()).as(server.tail()).isEqualTo("CANCELLED");
        long recorded = stopped.path("progress").path("steps").asLong();
        assertThat(recorded).isLessThan(total);
        assertThat(http.recordedSteps(cancelled)).containsExactlyElementsOf(DigitsJobs.stepsUpTo(recorded));

        // the frozen workers found their claims gone and wrote nothing (no step was recorded twice, above)
        assertThat(server.logs("stopped without writing", Duration.ofMinutes(1))).as(server.tail()).isTrue();
        assertThat(server.logs("DuplicateKey", Duration.ZERO)).isFalse();
    }
}
