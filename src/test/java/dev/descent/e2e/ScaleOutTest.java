package dev.descent.e2e;

import dev.descent.job.JobMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Two replicas on one PostgreSQL share the queue: every job runs exactly once, on one of them. */
class ScaleOutTest {

    private static final String SPEC = """
            {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 4}]},
             "optimizer": {"type": "adam", "learningRate": 0.01}, "training": {"epochs": 3, "batchSize": 16}}""";

    @Test
    void thirtyJobsSubmittedToTwoReplicasEachRunExactlyOnce(@TempDir Path dir) {
        PostgresServers servers = new PostgresServers("scaleout", dir);
        try (ConfigurableApplicationContext a = servers.start("--descent.executor.workers=2");
             ConfigurableApplicationContext b = servers.start("--descent.executor.workers=2")) {
            Http httpA = PostgresServers.client(a);
            Http httpB = PostgresServers.client(b);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Http.Response submitted = (i % 2 == 0 ? httpA : httpB).post("/api/v1/jobs", SPEC);
                assertThat(submitted.status()).isEqualTo(202);
                ids.add(submitted.body().path("id").asString());
            }
            for (String id : ids) {
                JsonNode job = httpA.awaitJob(id, Duration.ofMinutes(2), "SUCCEEDED", "FAILED", "CANCELLED");
                assertThat(job.path("status").asString()).as(id).isEqualTo("SUCCEEDED");
                assertThat(job.path("attempts").asInt()).as(id).isEqualTo(1);
                long steps = job.path("progress").path("steps").asLong();
                assertThat(steps).isEqualTo(3 * 8); // 120 training rows in batches of 16
                assertThat(servers.steps(id)).as(id).containsExactlyElementsOf(LongStream.rangeClosed(1, steps).boxed().toList());
                assertThat(servers.epochs(id)).as(id).containsExactly(1L, 2L, 3L);
                assertThat(httpB.get("/api/v1/jobs/" + id + "/history").body().size()).isEqualTo(3);
            }
            double claimedByA = a.getBean(JobMetrics.class).claimCount();
            double claimedByB = b.getBean(JobMetrics.class).claimCount();
            assertThat(claimedByA + claimedByB).isEqualTo(30);
            assertThat(claimedByA).isPositive();
            assertThat(claimedByB).isPositive();
        }
    }
}
