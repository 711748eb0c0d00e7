package dev.descent.e2e;

import dev.descent.DescentApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database stops for 20 s while jobs train, then starts again on the same data: the jobs pause and go on, no
 * step is lost or recorded twice, and the server is healthy and takes new jobs after. With a lease longer than the
 * outage each worker's writes wait for the database and it keeps its job; with a shorter one the workers give their
 * jobs up, fenced, and the jobs resume from their checkpoints once the database is back.
 */
class PostgresOutageTest {

    private static final int EPOCHS = 4;
    private static final long OUTAGE_MILLIS = 20_000;

    @ParameterizedTest(name = "lease {0}")
    @CsvSource({"60s, 1", "5s, 2"})
    void jobsPauseThroughTheOutageAndLoseNoStep(String lease, int attempts, @TempDir Path dir) throws IOException {
        int port = PostgresServers.freePort();
        Path data = dir.resolve("postgres");
        EmbeddedPostgres database = database(data, port);
        try (ConfigurableApplicationContext server = SpringApplication.run(DescentApplication.class,
                "--server.port=0", "--spring.profiles.active=postgres",
                "--DESCENT_DB_URL=" + database.getJdbcUrl("postgres", "postgres"), "--DESCENT_DB_USER=postgres",
                "--descent.data-dir=" + dir.resolve("data"), "--descent.store.dir=" + dir.resolve("models"),
                "--descent.executor.workers=2", "--descent.executor.threads-per-job=1",
                "--descent.executor.poll-interval=200ms", "--descent.executor.heartbeat-interval=1s",
                "--descent.executor.lease-duration=" + lease,
                // a worker waiting for a connection learns within 2 s that there is none, and tries again later
                "--spring.datasource.hikari.connection-timeout=2000")) {
            Http http = PostgresServers.client(server);
            List<String> jobs = List.of(submit(http, EPOCHS), submit(http, EPOCHS));
            for (String id : jobs) {
                http.await("/api/v1/jobs/" + id, Duration.ofMinutes(2), DigitsJobs::checkpointed);
            }

            database.close();
            Replica.sleep(OUTAGE_MILLIS);
            database = database(data, port);

            long total = (long) EPOCHS * DigitsJobs.STEPS_PER_EPOCH;
            for (String id : jobs) {
                JsonNode done = http.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
                assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
                assertThat(done.path("attempts").asInt()).isEqualTo(attempts);
                assertThat(http.recordedSteps(id)).containsExactlyElementsOf(DigitsJobs.stepsUpTo(total));
                assertThat(http.get("/api/v1/jobs/" + id + "/history").body().size()).isEqualTo(EPOCHS);
            }
            // the health includes the database's
            http.await("/actuator/health", Duration.ofSeconds(30),
                    status -> "UP".equals(status.path("status").asString()));
            String next = submit(http, 1);
            assertThat(http.awaitJob(next, Duration.ofMinutes(1), "SUCCEEDED", "FAILED", "CANCELLED")
                    .path("status").asString()).isEqualTo("SUCCEEDED");
        } finally {
            database.close();
        }
    }

    private static String submit(Http http, int epochs) {
        Http.Response accepted = http.post("/api/v1/jobs", DigitsJobs.spec(epochs, 1));
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.body().path("id").asString();
    }

    /** A PostgreSQL server on {@code data} (created on the first start, kept when it stops) and {@code port}. */
    private static EmbeddedPostgres database(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }
}
