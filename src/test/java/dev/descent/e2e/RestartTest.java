package dev.descent.e2e;

import dev.descent.DescentApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server stopped and started again on the same H2 file loses no finished job and no recorded metric, and a job it
 * was training when it stopped continues from its checkpoint as if it had never stopped.
 */
class RestartTest {

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(DescentApplication.class, "--server.port=0", "--descent.data-dir=" + dataDir,
                "--descent.executor.poll-interval=100ms");
    }

    private static Http client(ConfigurableApplicationContext context) {
        return new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void aRestartedServerKeepsFinishedJobsAndTheirHistory(@TempDir Path dataDir) {
        String id;
        JsonNode job;
        JsonNode history;
        JsonNode curve;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            Http http = client(first);
            id = http.post("/api/v1/jobs", """
                    {"dataset": {"id": "wine"}, "model": {"hiddenLayers": [{"units": 8}]},
                     "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 5, "batchSize": 16}}""")
                    .body().path("id").asString();
            job = http.awaitJob(id, Duration.ofMinutes(1), "SUCCEEDED", "FAILED");
            history = http.get("/api/v1/jobs/" + id + "/history").body();
            curve = http.get("/api/v1/jobs/" + id + "/curves?metric=loss&maxPoints=100000").body();
        }
        assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED");
        try (ConfigurableApplicationContext second = start(dataDir)) {
            Http http = client(second);
            assertThat(http.get("/api/v1/jobs/" + id).body()).isEqualTo(job);
            assertThat(http.get("/api/v1/jobs/" + id + "/history").body()).isEqualTo(history);
            assertThat(http.get("/api/v1/jobs/" + id + "/curves?metric=loss&maxPoints=100000").body()).isEqualTo(curve);
            // the trained model is in the store under the data directory, and still predicts
            assertThat(http.post("/api/v1/jobs/" + id + "/predict", "{\"rows\": [[14.23, 1.71, 2.43, 15.6, 127, 2.8, "
                    + "3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065]]}").body().path("predictions").get(0).path("label")
                    .asString()).isEqualTo("class_0");
        }
        assertThat(history.size()).isEqualTo(5);
        assertThat(curve.path("totalPoints").asInt()).isEqualTo(5 * 9); // 142 training rows in batches of 16
    }

    /** An MLP, and a CNN whose checkpoints also hold batch-norm's running statistics and whose steps draw dropout. */
    static java.util.stream.Stream<String> models() {
        return java.util.stream.Stream.of("""
                {"hiddenLayers": [{"units": 16}], "dtype": "float64"}""", """
                {"layers": [{"type": "conv2d", "filters": 4, "kernel": [3, 3], "padding": "same"},
                            {"type": "batch-norm"}, {"type": "max-pool2d", "size": [2, 2]}, {"type": "flatten"},
                            {"type": "dense", "units": 16, "dropout": 0.1}], "dtype": "float64"}""");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("models")
    void aJobStoppedByShutdownResumesFromItsCheckpointAndEndsBitForBitAsAnUninterruptedRun(String model,
                                                                                        @TempDir Path dataDir) {
        String spec = """
                {"dataset": {"id": "digits"}, "model": %s,
                 "optimizer": {"type": "adam", "learningRate": 0.003},
                 "training": {"epochs": 12, "batchSize": 8, "checkpointEvery": 2, "schedule": {"type": "cosine"}}}"""
                .formatted(model);
        String interrupted;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            Http http = client(first);
            interrupted = http.post("/api/v1/jobs", spec).body().path("id").asString();
            // stop while the job is in the middle of an epoch after at least one periodic checkpoint
            http.await("/api/v1/jobs/" + interrupted, Duration.ofMinutes(2),
                    job -> job.path("progress").path("epoch").asInt() >= 4);
        }
        try (ConfigurableApplicationContext second = start(dataDir)) {
            Http http = client(second);
            String uninterrupted = http.post("/api/v1/jobs", spec).body().path("id").asString();
            assertThat(http.awaitJob(interrupted, Duration.ofMinutes(2), "SUCCEEDED", "FAILED").path("status")
                    .asString()).isEqualTo("SUCCEEDED");
            assertThat(http.awaitJob(uninterrupted, Duration.ofMinutes(2), "SUCCEEDED", "FAILED").path("status")
                    .asString()).isEqualTo("SUCCEEDED");
            assertThat(http.get("/api/v1/jobs/" + interrupted).body().path("attempts").asInt()).isEqualTo(2);
            assertThat(http.get("/api/v1/jobs/" + interrupted + "/curves?metric=loss").body().path("totalPoints")
                    .asInt()).isEqualTo(12 * 180); // 1438 training rows in batches of 8
            for (String metric : new String[] {"loss", "learning_rate", "gradient_norm", "validation_accuracy"}) {
                String curve = "/curves?metric=" + metric + "&maxPoints=100000";
                JsonNode resumed = http.get("/api/v1/jobs/" + interrupted + curve).body();
                assertThat(resumed.path("points")).isEqualTo(http.get("/api/v1/jobs/" + uninterrupted + curve)
                        .body().path("points"));
            }
            assertThat(epochLosses(http, interrupted)).isEqualTo(epochLosses(http, uninterrupted));
            assertThat(http.get("/api/v1/jobs/" + interrupted + "/model").body().path("layers"))
                    .isEqualTo(http.get("/api/v1/jobs/" + uninterrupted + "/model").body().path("layers"));
        }
    }

    @Test
    void aJobWhoseServersKeepDyingFailsAtTheLastAllowedLostLease(@TempDir Path dataDir) {
        String id;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            id = client(first).post("/api/v1/jobs", """
                    {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 4}]},
                     "optimizer": {"type": "sgd", "learningRate": 0.1}, "training": {"epochs": 2}}""")
                    .body().path("id").asString();
            client(first).awaitJob(id, Duration.ofMinutes(1), "SUCCEEDED", "FAILED");
            // as a server that died running it a second time would leave it: running, its lease lapsed
            first.getBean(JdbcTemplate.class).update("update jobs set status = 'RUNNING', owner = 'dead', "
                    + "lease_expires_at = ?, lost_leases = 2, finished_at = null where id = ?",
                    Timestamp.from(Instant.now().minusSeconds(1)), UUID.fromString(id));
        }
        try (ConfigurableApplicationContext second = start(dataDir)) {
            JsonNode failed = client(second).awaitJob(id, Duration.ofMinutes(1), "FAILED", "QUEUED", "SUCCEEDED");
            assertThat(failed.path("status").asString()).isEqualTo("FAILED");
            assertThat(failed.path("lostLeases").asInt()).isEqualTo(3);
            assertThat(failed.path("statusReason").asString()).contains("stopped without returning it 3 times",
                    "descent.executor.max-lost-leases");
        }
    }

    private static String epochLosses(Http http, String id) {
        StringBuilder losses = new StringBuilder();
        http.get("/api/v1/jobs/" + id + "/history").body().forEach(epoch -> losses.append(epoch.path("trainLoss"))
                .append(' ').append(epoch.path("trainAccuracy")).append(' ').append(epoch.path("validationLoss")).append('\n'));
        return losses.toString();
    }
}
